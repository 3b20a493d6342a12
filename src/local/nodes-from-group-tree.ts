import type { SourceNode } from '../capabilities/models/node.js'
import { deepMerge } from './deep-merge.js'
import type { InventoryGroupTree } from './inventory-group-tree.js'
import { nodeTransportConfig } from './node-transport-config.js'
import { mergeTargetData, type TargetData } from './target-data.js'
import { targetTransport } from './target-transport.js'

/**
 * Every target name in a group and its subgroups, each once, in file order
 * (a group's own targets, then its subgroups'), as Bolt's `all_targets`.
 */
export function targetNamesOf(group: InventoryGroupTree, into: Set<string> = new Set()): Set<string> {
  for (const name of group.targets.keys()) into.add(name)
  for (const child of group.children) targetNamesOf(child, into)
  return into
}

/** Collects the children's data for a target: earlier sibling groups win. */
function collectChildren(group: InventoryGroupTree, collect: (child: InventoryGroupTree) => TargetData | undefined): TargetData | undefined {
  let result: TargetData | undefined
  group.children.forEach((child, index) => {
    const data = collect(child)
    result = index === 0 ? data : mergeTargetData(data, result)
  })
  return result
}

/** The target's own entries across the tree (Bolt's `target_collect`): nested entries override outer ones. */
function targetCollect(group: InventoryGroupTree, name: string): TargetData | undefined {
  return mergeTargetData(group.targets.get(name), collectChildren(group, (child) => targetCollect(child, name)))
}

/** The data of every group holding the target (Bolt's `group_collect`): inner groups override outer ones. */
function groupCollect(group: InventoryGroupTree, name: string): TargetData | undefined {
  const children = collectChildren(group, (child) => groupCollect(child, name))
  if (children === undefined && !group.targets.has(name)) return undefined
  return mergeTargetData(group.data, children)
}

/**
 * Turns the group tree into one {@link SourceNode} per target, with Bolt's
 * precedence: the target's own data over its groups', inner groups over outer
 * ones, earlier sibling groups over later ones. vars merge one level deep,
 * config and facts deep; a target listed in several groups is one node.
 *
 * `groups` lists every group holding the node, its ancestors included,
 * innermost first, but not the implicit `all`: every node is in it, so naming
 * it on each node says nothing (the `all` NodeGroup still lists every node).
 */
export function nodesFromGroupTree(root: InventoryGroupTree): SourceNode[] {
  // A target's key is its name, or its URI when it has no name: Bolt's rule.
  return [...targetNamesOf(root)].map((name) => {
    // The root holds every target, so both are defined for every name.
    const own = targetCollect(root, name) as TargetData
    const inherited = groupCollect(root, name) as TargetData
    const config = deepMerge(inherited.config, own.config)
    const transport = targetTransport(own.uri, config['transport'])
    return {
      id: name,
      name,
      ...(own.uri === undefined ? {} : { uri: own.uri }),
      aliases: own.aliases,
      transport,
      groups: inherited.groups.filter((group) => group !== 'all'),
      config: nodeTransportConfig(config, transport),
      vars: { ...inherited.vars, ...own.vars },
      facts: deepMerge(inherited.facts, own.facts),
    }
  })
}
