/** `24` → `255.255.255.0`. */
export function ipv4Netmask(prefix: number): string {
  const bits = Math.max(0, Math.min(32, prefix))
  return [0, 1, 2, 3].map((octet) => 256 - 2 ** (8 - Math.max(0, Math.min(8, bits - octet * 8)))).join('.')
}

/** `64` → `ffff:ffff:ffff:ffff::`, compressed as `inet_ntop` (and so Node) prints it. */
export function ipv6Netmask(prefix: number): string {
  const bits = Math.max(0, Math.min(128, prefix))
  const groups = Array.from({ length: 8 }, (_, i) => 65536 - 2 ** (16 - Math.max(0, Math.min(16, bits - i * 16))))
  return formatIpv6Groups(groups)
}

/** Eight 16-bit groups as RFC 5952 text: lower case, the longest run of two or more zero groups as `::`. */
export function formatIpv6Groups(groups: readonly number[]): string {
  let bestStart = -1
  let bestLength = 1
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < groups.length && groups[j] === 0) j++
    if (j - i > bestLength) {
      bestStart = i
      bestLength = j - i
    }
    i = j
  }
  const hex = groups.map((group) => group.toString(16))
  if (bestStart < 0) return hex.join(':')
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`
}
