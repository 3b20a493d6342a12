import type { NodeGroup, SourceNode } from '../../capabilities/models/node.js'
import type { IdentityConflict } from '../../capabilities/models/identity-conflict.js'
import type { Node } from '../../capabilities/models/node.js'
import { linkInventory } from '../../inventory/link-inventory.js'
import { linkNodes } from '../../inventory/link-nodes.js'
import { mergeGroups } from '../../inventory/merge-groups.js'
import type { SourceOutput } from './source-output.js'

/** `{ nodes, conflicts, conflictsOmitted }` from every source, linked into one node per machine. */
export function mergeNodeLists(parts: SourceOutput[]): { nodes: Node[]; conflicts: IdentityConflict[]; conflictsOmitted: number } {
  const records = parts.flatMap(({ plugin, output }) =>
    (output as { nodes: SourceNode[] }).nodes.map((node) => ({ source: plugin, node })),
  )
  const { nodes, conflicts, conflictsOmitted } = linkInventory(records)
  return { nodes, conflicts, conflictsOmitted }
}

/**
 * `{ node }` from every source linked into one node. Sources may know the
 * node under different names, so the linked node that contains the requested
 * name wins (usually the only one).
 */
export function mergeSingleNode(parts: SourceOutput[], requested: string): { node: ReturnType<typeof linkNodes>[number] | null } {
  const records = parts.flatMap(({ plugin, output }) => {
    const node = (output as { node: SourceNode | null }).node
    return node === null ? [] : [{ source: plugin, node }]
  })
  const linked = linkNodes(records)
  const wanted = requested.toLowerCase()
  const match = linked.find((n) => n.id.toLowerCase() === wanted || n.name.toLowerCase() === wanted || n.aliases.some((a) => a.toLowerCase() === wanted))
  return { node: match ?? linked[0] ?? null }
}

/** `{ groups }` from every source, merged by group name. */
export function mergeGroupLists(parts: SourceOutput[]): { groups: NodeGroup[] } {
  const records = parts.flatMap(({ plugin, output }) =>
    (output as { groups: NodeGroup[] }).groups.map((group) => ({ source: plugin, group })),
  )
  return { groups: mergeGroups(records) }
}
