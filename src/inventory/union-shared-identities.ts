import type { LinkedRecord } from './merge-linked-records.js'
import { UnionFind } from './union-find.js'

/** Records joined by every name they share, and what short names stand for. */
export interface SharedIdentitySets {
  /** Records that share any identity, directly or through others, are in one set. */
  sets: UnionFind
  /** First label to the one FQDN key that has it, or null once a second distinct FQDN shows up. */
  fqdnByLabel: Map<string, string | null>
}

/**
 * Joins records that share any identity key, and a short name with the one
 * FQDN whose first label it is, without any rule: the most linking could
 * ever join. A set where no source has two ids is exactly what the rules
 * link; only the others need the rules (see `linkInventory`). One map, one
 * union per repeated key: the fast path for the usual inventory.
 */
export function unionSharedIdentities(linked: readonly LinkedRecord[]): SharedIdentitySets {
  const sets = new UnionFind(linked.length)
  const owner = new Map<string, number>()
  const fqdnByLabel = new Map<string, string | null>()

  for (let index = 0; index < linked.length; index++) {
    for (const { key, kind } of linked[index]!.identities) {
      const first = owner.get(key)
      if (first !== undefined) {
        sets.union(index, first)
        continue
      }
      owner.set(key, index)
      if (kind !== 'fqdn') continue
      const label = key.slice(0, key.indexOf('.'))
      if (label !== '') fqdnByLabel.set(label, fqdnByLabel.has(label) ? null : key)
    }
  }

  for (let index = 0; index < linked.length; index++) {
    for (const { key, kind } of linked[index]!.identities) {
      if (kind !== 'short') continue
      const fqdn = fqdnByLabel.get(key)
      if (typeof fqdn === 'string') sets.union(index, owner.get(fqdn)!)
    }
  }
  return { sets, fqdnByLabel }
}
