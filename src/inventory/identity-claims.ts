import type { LinkedRecord } from './merge-linked-records.js'
import type { FqdnByLabel } from './union-shared-identities.js'
import { linkedClaimers } from './linked-claimers.js'
import { recordsClash } from './records-clash.js'

/** The records that claim one identity key. */
export interface IdentityClaim {
  /** Positions of the claiming records; a record may repeat once `overlap` is set. */
  records: number[]
  /** Set when two records of one source with different ids claim the key (see {@link recordsClash}). */
  overlap: boolean
}

/** Every identity key of some records with its claims, and what short names stand for. */
export interface IdentityClaims {
  /** Identity key to the records that claim it. */
  byKey: Map<string, IdentityClaim>
  /** First label to the one FQDN key of the whole inventory that has it, or null when several do. */
  fqdnByLabel: FqdnByLabel
}

/**
 * Indexes who claims which identity among `linked` (records that share no
 * name with any record outside it), by position, in O(total identities). Each record claims its own identities, and the
 * records a short name links also claim the one FQDN whose first label it is
 * (`web01` claims `web01.example.com` when no other FQDN starts with
 * `web01.`). Nothing is joined here: whether a claim links depends on all
 * the claims of its key, known only at the end.
 */
export function collectClaims(linked: readonly LinkedRecord[], fqdnByLabel: FqdnByLabel): IdentityClaims {
  const byKey = new Map<string, IdentityClaim>()
  for (let index = 0; index < linked.length; index++) for (const { key } of linked[index]!.identities) addClaim(byKey, key, index, linked)
  // Only the records a short name links stand for its FQDN: a record that lists `web01` while another record
  // of its source is called `web01` is not web01, so it is not web01.example.com either.
  for (const [key, claim] of [...byKey]) {
    const fqdn = fqdnByLabel.get(key)
    if (typeof fqdn !== 'string') continue
    for (const index of claim.overlap ? linkedClaimers(key, claim, linked) : claim.records) addClaim(byKey, fqdn, index, linked)
  }
  return { byKey, fqdnByLabel }
}

/** Adds a claim of record `index` on `key`. */
function addClaim(byKey: Map<string, IdentityClaim>, key: string, index: number, linked: readonly LinkedRecord[]): void {
  const claim = byKey.get(key)
  if (claim === undefined) {
    byKey.set(key, { records: [index], overlap: false })
    return
  }
  const { records } = claim
  // A record lists a key once per spelling, and those spellings are consecutive.
  if (records[records.length - 1] === index) return
  if (!claim.overlap) {
    // Until an overlap shows up the list holds at most one record per source (and its repeats): a short scan.
    const record = linked[index]!
    for (const other of records) {
      if (other === index) return
      if (recordsClash(record, linked[other]!)) {
        claim.overlap = true
        break
      }
    }
  }
  records.push(index)
}
