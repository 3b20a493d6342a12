import type { NodeGroup } from '../capabilities/models/node.js'
import type { InventoryGroupTree } from './inventory-group-tree.js'
import { targetNamesOf } from './nodes-from-group-tree.js'
import { stripSecrets } from '../inventory/strip-secrets.js'

/**
 * One {@link NodeGroup} per group, `all` first, then in file order (parents
 * before their children). `nodes` holds the targets of the group and of its
 * subgroups, as Bolt runs a command on a group; `groups` the direct subgroups;
 * vars, facts and config are the group's own, as written (config without
 * credentials), not what it inherits.
 */
export function groupsFromGroupTree(root: InventoryGroupTree): NodeGroup[] {
  const out: NodeGroup[] = []
  const visit = (group: InventoryGroupTree): void => {
    out.push({
      name: group.name,
      nodes: [...targetNamesOf(group)],
      groups: group.children.map((child) => child.name),
      ...(group.declared.vars === undefined ? {} : { vars: group.declared.vars }),
      ...(group.declared.facts === undefined ? {} : { facts: group.declared.facts }),
      ...(group.declared.config === undefined ? {} : { config: stripSecrets(group.declared.config) }),
    })
    group.children.forEach(visit)
  }
  visit(root)
  return out
}
