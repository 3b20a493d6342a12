import { compareStrings } from './compare-strings.js'
import type { NodeIdentity } from './node-identities.js'

const kindRank = { fqdn: 0, short: 1, ip: 2 } as const

/**
 * Orders names best-first as a canonical node id: FQDN-like names (certnames)
 * before short names before IP addresses, then by comparable form, then the
 * already-normalised spelling before others, then by spelling. It is a total
 * order on distinct spellings, so the choice never depends on input order.
 */
export function compareIdentities(a: NodeIdentity, b: NodeIdentity): number {
  return (
    kindRank[a.kind] - kindRank[b.kind] ||
    compareStrings(a.key, b.key) ||
    Number(a.raw !== a.key) - Number(b.raw !== b.key) ||
    compareStrings(a.raw, b.raw)
  )
}

