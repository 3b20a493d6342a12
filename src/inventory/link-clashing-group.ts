import { holdsClash } from './holds-clash.js'
import { collectClaims } from './identity-claims.js'
import { linkedClaimers } from './linked-claimers.js'
import type { LinkedRecord } from './merge-linked-records.js'
import type { FoundConflict } from './report-conflicts.js'
import { splitClashingRecords } from './split-clashing-records.js'
import type { FqdnByLabel } from './union-shared-identities.js'
import { UnionFind } from './union-find.js'

/** The nodes a clashing group links into, and the names it could not use. */
export interface LinkedGroup {
  /** The records of each node. */
  parts: LinkedRecord[][]
  /** Names that did not link, with their claimers. */
  found: FoundConflict[]
}

/**
 * Links, by the rules of `linkInventory`, a group of records that share
 * names and hold two records of one source with different ids. The group
 * must include every record that shares a name with one of its records;
 * `fqdnByLabel` is that of the whole inventory.
 *
 * A key claimed by several records of one source links only the claimers
 * {@link linkedClaimers} keeps, and is reported as `shared`; a set that
 * still joins two records of one source is split by
 * {@link splitClashingRecords}, its refused keys reported as `transitive`.
 */
export function linkClashingGroup(group: readonly LinkedRecord[], fqdnByLabel: FqdnByLabel): LinkedGroup {
  const claims = collectClaims(group, fqdnByLabel)
  const sets = new UnionFind(group.length)
  const found: FoundConflict[] = []
  // Only keys that some source claims more than once link a subset of their claimers.
  const partlyLinked = new Map<string, number[]>()

  for (const [key, claim] of claims.byKey) {
    const { records: claimers } = claim
    if (claimers.length < 2) continue
    let joined = claimers
    if (claim.overlap) {
      joined = linkedClaimers(key, claim, group)
      partlyLinked.set(key, joined)
      found.push({ key, reason: 'shared', records: claimers.map((index) => group[index]!) })
    }
    for (let i = 1; i < joined.length; i++) sets.union(joined[0]!, joined[i]!)
  }

  const subsets = new Map<number, number[]>()
  for (let index = 0; index < group.length; index++) {
    const root = sets.find(index)
    const subset = subsets.get(root)
    if (subset === undefined) subsets.set(root, [index])
    else subset.push(index)
  }

  const linkedBy = (key: string): readonly number[] => partlyLinked.get(key) ?? claims.byKey.get(key)!.records
  const parts: LinkedRecord[][] = []
  for (const subset of subsets.values()) {
    const members = subset.map((index) => group[index]!)
    if (!holdsClash(members)) {
      parts.push(members)
      continue
    }
    const split = splitClashingRecords(subset, group, claims, linkedBy)
    for (const part of split.parts) parts.push(part.map((index) => group[index]!))
    for (const key of split.refused) found.push({ key, reason: 'transitive', records: linkedBy(key).map((index) => group[index]!) })
  }
  return { parts, found }
}
