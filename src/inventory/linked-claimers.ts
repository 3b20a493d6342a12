import type { IdentityClaim } from './identity-claims.js'
import type { LinkedRecord } from './merge-linked-records.js'
import { recordsClash } from './records-clash.js'

/**
 * The claimers an overlapping key (see {@link IdentityClaim.overlap}) still
 * links. Each source names at most one record by the key: the record whose
 * id it is (ids are the source's own handles, so they always link), or else
 * its only claimer. When several records of a source claim the key and none
 * has it as id, that source cannot say which machine the key is, and the key
 * then links only the records whose id it is.
 */
export function linkedClaimers(key: string, claim: IdentityClaim, linked: readonly LinkedRecord[]): number[] {
  const bySource = new Map<string, number[]>()
  for (const index of claim.records) {
    const same = bySource.get(linked[index]!.source)
    if (same === undefined) bySource.set(linked[index]!.source, [index])
    else same.push(index)
  }
  const owners: number[] = []
  const others: number[] = []
  let ambiguous = false
  for (const records of bySource.values()) {
    const withId = records.filter((index) => linked[index]!.identities[0]!.key === key)
    if (withId.length > 0) owners.push(...withId)
    else if (records.every((index) => !recordsClash(linked[records[0]!]!, linked[index]!))) others.push(...records)
    else ambiguous = true
  }
  return ambiguous ? owners : [...owners, ...others]
}
