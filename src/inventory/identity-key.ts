import { isIPv6 } from 'node:net'

/**
 * The form in which two spellings of one name compare equal: trimmed,
 * lower-cased (DNS names and certnames are case-insensitive), without a
 * trailing root dot, IPv6 addresses in their canonical short form. Returns
 * undefined for an empty name.
 */
export function identityKey(raw: string): string | undefined {
  let key = raw.trim().toLowerCase()
  if (key.endsWith('.')) key = key.slice(0, -1)
  if (key === '') return undefined
  // '0:0::1' and '::1' are one address; the WHATWG URL parser already knows how to canonicalise IPv6.
  if (key.includes(':') && isIPv6(key)) key = new URL(`http://[${key}]`).hostname.slice(1, -1)
  return key
}
