import type { NodeGroup, SourceNode } from 'capstan'
import { BOLT_ALL_GROUP } from './bolt-all-group.js'

/**
 * Builds the {@link NodeGroup}s from the nodes' own `groups`: Bolt's CLI
 * prints group names only (`bolt group show`), and membership per target
 * (`bolt inventory show --detail`). A group's `nodes` are the ids of the nodes
 * naming it, in node order; as Bolt lists a target's ancestor groups too, a
 * parent group holds its subgroups' targets, as `-t parent` runs on them.
 * `all` holds every node.
 *
 * Groups come in `groupNames` order; a group that a node names but
 * `groupNames` lacks is added after them, so no membership is lost. A group
 * without targets has no nodes. Bolt's CLI prints neither group vars, config
 * and facts nor the group tree, so `vars`, `config`, `facts` and `groups` are
 * left out (the targets carry their merged values).
 *
 * Pass the whole inventory (`bolt inventory show --detail` without `-t`): from
 * a filtered one the groups come out partial.
 */
export function groupsFromTargets(nodes: readonly SourceNode[], groupNames: readonly string[]): NodeGroup[] {
  const members = new Map<string, string[]>(groupNames.map((name) => [name, []]))
  for (const node of nodes) {
    for (const group of new Set(node.groups ?? [])) {
      if (group === BOLT_ALL_GROUP) continue
      const list = members.get(group)
      if (list === undefined) members.set(group, [node.id])
      else list.push(node.id)
    }
  }
  if (members.has(BOLT_ALL_GROUP)) members.set(BOLT_ALL_GROUP, nodes.map((node) => node.id))
  return [...members].map(([name, ids]) => ({ name, nodes: [...new Set(ids)] }))
}
