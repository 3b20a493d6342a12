import type { Node } from '../capabilities/models/node.js'
import { compareStrings } from './compare-strings.js'
import { holdsClash } from './holds-clash.js'
import { linkClashingGroup } from './link-clashing-group.js'
import { mergeLinkedRecords, type LinkedRecord } from './merge-linked-records.js'
import { nodeIdentities } from './node-identities.js'
import { reportConflicts, type FoundConflict, type ReportedConflicts } from './report-conflicts.js'
import type { SourceRecord } from './source-record.js'
import { unionSharedIdentities } from './union-shared-identities.js'

/** What {@link linkInventory} returns: the linked nodes and the names it could not use. */
export interface LinkedInventory extends ReportedConflicts {
  /** One node per machine, sorted by id. */
  nodes: Node[]
}

/**
 * Links the nodes reported by every source into one {@link Node} per machine,
 * and reports the names that could not link (see `IdentityConflict`).
 *
 * Two records are the same machine when they share an identity (compared
 * case-insensitively): id, name, aliases, identifiers, the host of `uri`, or
 * the identity facts `fqdn`, `networking.fqdn`, `certname`, `ipaddress`,
 * `networking.ip`, `trusted.certname`. Sameness is transitive. A short
 * hostname (`web01`) also claims the FQDN whose first label it is
 * (`web01.example.com`), when exactly one distinct FQDN has that label.
 * Loopback names (`localhost`, `127.0.0.1`, `::1`) count only as ids.
 *
 * Rules, in order of precedence:
 *
 * 1. Two records of one source with different ids are never one node,
 *    whatever they share. So no node count is below the number of distinct
 *    ids of the largest source.
 * 2. Records with the same id are one node.
 * 3. Any other identity links only when it is unambiguous: within each
 *    source that reports it, one record claims it (or one record has it as
 *    id, which then stands for that source). Many machines report one
 *    address (every VirtualBox NAT guest is `10.0.2.15`), so a shared name
 *    links nothing beyond rule 2 and is reported as `shared`; the linked
 *    nodes do not list it as an alias.
 * 4. When unambiguous links join, through a chain, two records that rule 1
 *    keeps apart, that set is linked again with FQDN links before weak ones
 *    (IP addresses, short names), each by key; a link that would break rule
 *    1 is dropped and reported as `transitive`.
 *
 * The canonical id is chosen among the linked records' ids: FQDN-like first,
 * then other names, then IP addresses; ties go to the smallest lower-cased
 * name. See `mergeLinkedRecords` for the other fields. Nodes and conflicts
 * do not depend on the order of `records`.
 *
 * Runs in about O(n): records that share any name are joined with one map
 * and union-find (never compared pairwise). Only a set that then holds two
 * ids of one source needs the rules: there, claims are counted per key and
 * source before anything is joined, and a set that still breaks rule 1 is
 * sorted and split.
 */
export function linkInventory(records: readonly SourceRecord[]): LinkedInventory {
  const linked: LinkedRecord[] = records.map(({ source, node }) => ({ source, node, identities: nodeIdentities(node) }))
  const { sets, fqdnByLabel } = unionSharedIdentities(linked)
  // Each set's records, in the order sets first appear; a set is found by its root's position.
  const groups: LinkedRecord[][] = []
  const groupOfRoot = new Int32Array(linked.length).fill(-1)
  for (let index = 0; index < linked.length; index++) {
    const root = sets.find(index)
    const group = groupOfRoot[root]!
    if (group < 0) {
      groupOfRoot[root] = groups.length
      groups.push([linked[index]!])
    } else groups[group]!.push(linked[index]!)
  }
  // Pushing leaves room for more; the groups live until the nodes are built, so each keeps just its records.
  for (let i = 0; i < groups.length; i++) if (groups[i]!.length > 1) groups[i] = groups[i]!.slice()

  const parts: LinkedRecord[][] = []
  const found: FoundConflict[] = []
  for (const group of groups) {
    // Without two ids of one source in the group, every rule holds already: no name is claimed twice in a source.
    if (!holdsClash(group)) {
      parts.push(group)
      continue
    }
    const linkedGroup = linkClashingGroup(group, fqdnByLabel)
    parts.push(...linkedGroup.parts)
    found.push(...linkedGroup.found)
  }

  const unlinked = new Set(found.map(({ key }) => key))
  const nodes = parts.map((part) => mergeLinkedRecords(part, unlinked)).sort((a, b) => compareStrings(a.id, b.id))
  return { nodes, ...reportConflicts(found) }
}
