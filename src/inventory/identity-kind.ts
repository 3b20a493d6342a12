import { isIPv4, isIPv6 } from 'node:net'

/**
 * What a name looks like, which decides how much it is trusted as a node's
 * canonical id: `fqdn` (has a dot, not an IP), `short` (a bare hostname or
 * inventory name) or `ip`.
 */
export type IdentityKind = 'fqdn' | 'short' | 'ip'

/** Classifies a name (ideally already passed through {@link identityKey}). */
export function identityKind(name: string): IdentityKind {
  if (name.includes(':')) return isIPv6(name) ? 'ip' : 'short'
  if (!name.includes('.')) return 'short'
  // Only a name ending in a digit can be an IPv4 address; this skips the costly check for hostnames.
  const last = name.charCodeAt(name.length - 1)
  return last >= 48 && last <= 57 && isIPv4(name) ? 'ip' : 'fqdn'
}
