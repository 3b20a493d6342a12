import type { Node } from '../capabilities/models/node.js'
import { compareStrings } from './compare-strings.js'
import { mergeLinkedRecords, type LinkedRecord } from './merge-linked-records.js'
import { nodeIdentities } from './node-identities.js'
import type { SourceRecord } from './source-record.js'
import { UnionFind } from './union-find.js'

/**
 * Links the nodes reported by every source into one {@link Node} per machine.
 *
 * Two records are the same machine when they share any identity (compared
 * case-insensitively): id, name, aliases, identifiers, the host of `uri`, or
 * the identity facts `fqdn`, `networking.fqdn`, `certname`, `ipaddress`,
 * `networking.ip`, `trusted.certname`. Sameness is transitive: a~b and b~c
 * make one node. A short hostname (`web01`) also links to the FQDN whose
 * first label it is (`web01.example.com`), but only when exactly one distinct
 * FQDN across all records starts with that label; otherwise it would guess.
 * Loopback names (`localhost`, `127.0.0.1`, `::1`) link only as ids, since
 * every machine has them.
 *
 * The canonical id is chosen among the linked records' ids: FQDN-like first,
 * then other names, then IP addresses; ties go to the smallest lower-cased
 * name. See `mergeLinkedRecords` for how the other fields are merged.
 * The result is sorted by id and does not depend on the order of `records`.
 *
 * Runs in about O(n log n): identities are indexed in a map and joined with
 * union-find, never compared pairwise.
 */
export function linkNodes(records: readonly SourceRecord[]): Node[] {
  const linked: LinkedRecord[] = records.map(({ source, node }) => ({ source, node, identities: nodeIdentities(node) }))
  const sets = new UnionFind(linked.length)
  const owner = new Map<string, number>()
  // First label -> the one FQDN that has it, or null once a second distinct FQDN shows up.
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

  const machines = new Map<number, LinkedRecord[]>()
  for (let index = 0; index < linked.length; index++) {
    const root = sets.find(index)
    const members = machines.get(root)
    if (members === undefined) machines.set(root, [linked[index]!])
    else members.push(linked[index]!)
  }
  return [...machines.values()].map((members) => mergeLinkedRecords(members)).sort((a, b) => compareStrings(a.id, b.id))
}
