import type { Node } from '../capabilities/models/node.js'
import { linkInventory } from './link-inventory.js'
import type { SourceRecord } from './source-record.js'

/**
 * Links the nodes reported by every source into one {@link Node} per machine,
 * by the rules below (`inventory.list` also reports which names could not
 * link, in `conflicts`). Two records of one source with different ids are never
 * merged, and a name several records of one source share (an IP address
 * behind NAT) links nothing. Sorted by id, independent of the order of
 * `records`.
 */
export function linkNodes(records: readonly SourceRecord[]): Node[] {
  return linkInventory(records).nodes
}
