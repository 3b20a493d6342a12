import { isIPv4, isIPv6 } from 'node:net'

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((acc, part) => acc * 256 + Number(part), 0)
}

function numberToIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.')
}

/** The eight 16-bit groups of an IPv6 address (zone id dropped, IPv4 tail allowed). */
function ipv6Groups(address: string): number[] {
  let text = address.split('%')[0] ?? ''
  const ipv4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1]
  if (ipv4Tail) {
    const value = ipv4ToNumber(ipv4Tail)
    text = `${text.slice(0, -ipv4Tail.length)}${Math.floor(value / 65536).toString(16)}:${(value % 65536).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)))
  const left = parse(head)
  const right = tail === undefined ? [] : parse(tail)
  const zeros = tail === undefined ? [] : new Array<number>(8 - left.length - right.length).fill(0)
  return [...left, ...zeros, ...right]
}

/**
 * Formats eight 16-bit IPv6 groups the RFC 5952 way (what `ip`, Facter and
 * Node print): lower case, the longest run of two or more zero groups as `::`.
 */
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

/**
 * The network address of `address` under `netmask` (`192.0.2.2` and
 * `255.255.255.0` give `192.0.2.0`; `fd00::2` and `ffff:ffff:ffff:ffff::`
 * give `fd00::`), as Facter reports it in `networking` bindings.
 *
 * @returns `undefined` when the two are not addresses of one family
 */
export function networkAddress(address: string, netmask: string): string | undefined {
  if (isIPv4(address) && isIPv4(netmask)) {
    // `>>> 0` turns the signed 32-bit result of `&` back into an unsigned one.
    return numberToIpv4((ipv4ToNumber(address) & ipv4ToNumber(netmask)) >>> 0)
  }
  const bare = address.split('%')[0] ?? ''
  if (isIPv6(bare) && isIPv6(netmask)) {
    const mask = ipv6Groups(netmask)
    return formatIpv6Groups(ipv6Groups(bare).map((group, i) => group & (mask[i] ?? 0)))
  }
  return undefined
}

/**
 * Facter's `scope6` for an IPv6 address: `host` for `::1`, `link` for
 * fe80::/10, `site` for fec0::/10, else `global` (unique local fd00::/8
 * included, as Linux reports it).
 */
export function ipv6Scope(address: string): 'host' | 'link' | 'site' | 'global' {
  const groups = ipv6Groups(address)
  if (groups.slice(0, 7).every((group) => group === 0) && groups[7] === 1) return 'host'
  const first = groups[0] ?? 0
  if ((first & 0xffc0) === 0xfe80) return 'link'
  if ((first & 0xffc0) === 0xfec0) return 'site'
  return 'global'
}
