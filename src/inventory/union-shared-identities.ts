import type { LinkedRecord } from './merge-linked-records.js'
import { StringTable } from './string-table.js'
import { UnionFind } from './union-find.js'

/** Records joined by every name they share, and what short names stand for. */
export interface SharedIdentitySets {
  /** Records that share any identity, directly or through others, are in one set. */
  sets: UnionFind
  /** First label to the one FQDN key that has it, or null once a second distinct FQDN shows up. */
  fqdnByLabel: FqdnByLabel
}

/** First label of an FQDN (`web01`) to the one FQDN key that has it, or null when several do. */
export type FqdnByLabel = Pick<ReadonlyMap<string, string | null>, 'get'>

/**
 * Joins records that share any identity key, and a short name with the one
 * FQDN whose first label it is, without any rule: the most linking could
 * ever join. A set where no source has two ids is exactly what the rules
 * link; only the others need the rules (see `linkInventory`). One table, one
 * union per repeated key: the fast path for the usual inventory.
 */
export function unionSharedIdentities(linked: readonly LinkedRecord[]): SharedIdentitySets {
  let expected = 0
  for (const { identities } of linked) expected += identities.length
  const sets = new UnionFind(linked.length)
  const owner = new StringTable<number>(expected)
  const fqdnByLabel = new StringTable<string | null>(expected)
  // A short key joins its FQDN once, through the record that first claimed it: later claimers are joined to that one.
  const shortKeys: string[] = []

  for (let index = 0; index < linked.length; index++) {
    for (const { key, kind } of linked[index]!.identities) {
      const first = owner.setIfAbsent(key, index)
      if (first !== undefined) {
        sets.union(index, first)
        continue
      }
      if (kind === 'short') shortKeys.push(key)
      if (kind !== 'fqdn') continue
      const label = key.slice(0, key.indexOf('.'))
      // A second FQDN with this label makes the label stand for none of them.
      if (label !== '' && fqdnByLabel.setIfAbsent(label, key) !== undefined) fqdnByLabel.set(label, null)
    }
  }

  for (const key of shortKeys) {
    const fqdn = fqdnByLabel.get(key)
    if (typeof fqdn === 'string') sets.union(owner.get(key)!, owner.get(fqdn)!)
  }
  return { sets, fqdnByLabel }
}
