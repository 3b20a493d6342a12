import type { Node, NodeGroup } from '../capabilities/models/node.js'
import type { TargetSpec } from '../capabilities/models/target.js'
import { identityKey } from './identity-key.js'
import { nodeMatcher } from './match-node.js'
import { isGlob } from '../patterns/parse-glob.js'
import { nodeNameMatcher } from './node-name-matcher.js'

/** The nodes a {@link TargetSpec} names, and the names that found nothing. */
export interface ResolvedTargets {
  /** Matched nodes without duplicates, in the order of the inventory given. */
  nodes: Node[]
  /** Names from the spec that matched no node, group or glob, in spec order. */
  unmatched: string[]
}

/** How {@link resolveTargets} resolves. */
export interface ResolveOptions {
  /** The name index of `nodes`, when the caller keeps one; built on first use otherwise. */
  index?: (() => NameIndex) | undefined
  /**
   * Resolve among the nodes this accepts only, as if the others did not
   * exist: a name (`all`, an exact name, a group, a glob) is matched only
   * when it yields at least one accepted node, and an exact name that only
   * rejected nodes carry falls through to groups and globs. RBAC uses it so
   * that nothing outside a principal's reach changes what the caller sees.
   */
  within?: ((node: Node) => boolean) | undefined
}

/**
 * Resolves what a caller named to nodes. Each name is tried, in this order:
 *
 * 1. `all`: every node (the Bolt convention, even if a node is called `all`);
 * 2. `group:NAME`: the group NAME only, never a node or a glob (the spelling
 *    RBAC policies use);
 * 3. a node id, name or alias, exactly but case-insensitively;
 * 4. a group name (exact): the nodes that list it in their `groups`, its
 *    members by id, name or alias, and those of its child groups,
 *    recursively (cycles are cut);
 * 5. a glob (`web*`) over node ids, names and aliases.
 *
 * So a name that is both a node and a group means the node; `group:NAME`
 * means the group.
 * A name that matches nothing is reported in `unmatched` rather than thrown,
 * so the caller decides whether a partial target is an error. A group that
 * exists but has no members that resolve is a match with no nodes (unless
 * {@link ResolveOptions.within} is given). A
 * `NodeFilter` object selects with {@link nodeMatcher} and never
 * leaves anything unmatched.
 *
 * @throws CapstanError VALIDATION_ERROR when a filter's fact regex is invalid.
 */
export function resolveTargets(spec: TargetSpec, nodes: readonly Node[], groups: readonly NodeGroup[], options: ResolveOptions = {}): ResolvedTargets {
  const { index, within } = options
  if (typeof spec === 'object' && !Array.isArray(spec)) {
    const matches = nodeMatcher(spec)
    return { nodes: nodes.filter((node) => matches(node) && (within === undefined || within(node))), unmatched: [] }
  }
  const accepted = within === undefined ? undefined : nodes.map((node) => within(node))
  const keep = (positions: readonly number[]): readonly number[] => (accepted === undefined ? positions : positions.filter((at) => accepted[at] === true))
  // Built on first use: `all` and globs need no index, and a large inventory makes it the main cost.
  let byName: NameIndex | undefined
  const groupsByName = new Map<string, NodeGroup[]>()
  for (const group of groups) groupsByName.set(group.name, [...(groupsByName.get(group.name) ?? []), group])

  const chosen = new Set<number>()
  const unmatched = new Set<string>()
  const byExactName = (name: string): readonly number[] => {
    const key = identityKey(name)
    byName ??= index === undefined ? nameIndex(nodes) : index()
    return key === undefined ? [] : keep(byName.get(key) ?? [])
  }
  // Group name → positions of the nodes whose own `groups` list it; built on first use.
  let byGroup: Map<string, number[]> | undefined
  const listedIn = (name: string): readonly number[] => {
    byGroup ??= groupIndex(nodes)
    return byGroup.get(name) ?? []
  }
  const isGroup = (name: string): boolean => groupsByName.has(name) || listedIn(name).length > 0
  const addGroup = (name: string, visited: Set<string>, into: Set<number>): void => {
    if (visited.has(name)) return
    visited.add(name)
    for (const at of keep(listedIn(name))) into.add(at)
    for (const group of groupsByName.get(name) ?? []) {
      for (const member of group.nodes) for (const index of byExactName(member)) into.add(index)
      for (const child of group.groups ?? []) addGroup(child, visited, into)
    }
  }

  for (const name of typeof spec === 'string' ? [spec] : spec) {
    if (name === 'all') {
      const every = keep(nodes.map((_, at) => at))
      if (every.length === 0) unmatched.add(name)
      for (const at of every) chosen.add(at)
      continue
    }
    const prefixed = name.startsWith(GROUP_PREFIX)
    const exact = prefixed ? [] : byExactName(name)
    if (exact.length > 0) {
      for (const index of exact) chosen.add(index)
      continue
    }
    const group = prefixed ? name.slice(GROUP_PREFIX.length) : name
    if (isGroup(group)) {
      const members = new Set<number>()
      addGroup(group, new Set(), members)
      for (const at of members) chosen.add(at)
      // Under `within`, a group counts only by what it yields: an empty one is indistinguishable from none.
      if (within !== undefined && members.size === 0) unmatched.add(name)
      continue
    }
    if (prefixed) {
      unmatched.add(name)
      continue
    }
    const matches = isGlob(name) ? nodeNameMatcher([name]) : undefined
    const globbed = matches === undefined ? [] : keep(positionsWhere(nodes, matches))
    if (globbed.length === 0) unmatched.add(name)
    for (const index of globbed) chosen.add(index)
  }
  return { nodes: nodes.filter((_, index) => chosen.has(index)), unmatched: [...unmatched] }
}

/** What makes a target name a group and only a group: `group:web`, as in RBAC policies. */
export const GROUP_PREFIX = 'group:'

/** Group name → positions of the nodes whose own `groups` list it. */
function groupIndex(nodes: readonly Node[]): Map<string, number[]> {
  const index = new Map<string, number[]>()
  nodes.forEach((node, position) => {
    for (const group of node.groups) {
      const positions = index.get(group)
      if (positions === undefined) index.set(group, [position])
      else if (positions.at(-1) !== position) positions.push(position)
    }
  })
  return index
}

/** Every comparable name (id, name, aliases) to the positions of the nodes that carry it. */
export type NameIndex = ReadonlyMap<string, number[]>

/**
 * Builds the {@link NameIndex} of `nodes`; a caller resolving many specs
 * against the same (cached) node list can build it once and pass it in.
 */
export function nameIndex(nodes: readonly Node[]): NameIndex {
  const index = new Map<string, number[]>()
  nodes.forEach((node, position) => {
    for (const name of [node.id, node.name, ...node.aliases]) {
      const key = identityKey(name)
      if (key === undefined) continue
      const positions = index.get(key)
      if (positions === undefined) index.set(key, [position])
      else if (positions.at(-1) !== position) positions.push(position)
    }
  })
  return index
}

function positionsWhere(nodes: readonly Node[], test: (node: Node) => boolean): number[] {
  const out: number[] = []
  nodes.forEach((node, position) => {
    if (test(node)) out.push(position)
  })
  return out
}
