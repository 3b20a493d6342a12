import { formatIpv6Groups } from 'capstan/plugin-kit'

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
