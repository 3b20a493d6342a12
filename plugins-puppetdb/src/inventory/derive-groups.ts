import { type NodeGroup, type SourceNode } from 'capstan'
import { getPath } from 'capstan/plugin-kit'

/**
 * The paths a node's groups come from unless configured otherwise: its
 * Puppet environment (PuppetDB's, not a fact), the legacy `role` fact and
 * the `pp_role` certificate extension.
 */
export const DEFAULT_GROUP_BY: readonly string[] = ['environment', 'role', 'trusted.extensions.pp_role']

/**
 * The group names of one node: the value at each `groupBy` path of `values`,
 * in `groupBy` order, each name once. `values` holds the node's environment
 * under `environment` and its facts, either under flat dotted keys
 * (`{'trusted.extensions.pp_role': 'web'}`) or nested (as
 * `projectFacts` gives them); a flat key wins over the nested path.
 *
 * A string names a group (an empty one does not); a number or boolean names
 * it as text (`7`, `true`); null, a missing value, an object or an array
 * names none: there is no sensible group name for them.
 */
export function deriveGroups(values: Readonly<Record<string, unknown>>, groupBy: readonly string[] = DEFAULT_GROUP_BY): string[] {
  const names = new Set<string>()
  for (const path of groupBy) {
    const name = groupName(Object.hasOwn(values, path) ? values[path] : getPath(values, path))
    if (name !== undefined) names.add(name)
  }
  return [...names]
}

/**
 * The {@link NodeGroup}s the nodes name in their `groups`: one per name,
 * holding the ids of its members. Groups are sorted by name and members by
 * id (code-point order), so the answer does not depend on PuppetDB's row
 * order; each id appears once.
 */
export function groupsFromNodes(nodes: readonly SourceNode[]): NodeGroup[] {
  const members = new Map<string, Set<string>>()
  for (const node of nodes) {
    for (const group of node.groups ?? []) {
      const ids = members.get(group)
      if (ids === undefined) members.set(group, new Set([node.id]))
      else ids.add(node.id)
    }
  }
  return [...members]
    .sort(([a], [b]) => byCodePoint(a, b))
    .map(([name, ids]) => ({ name, nodes: [...ids].sort(byCodePoint) }))
}

function groupName(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined
  if (typeof value === 'boolean') return String(value)
  return undefined
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
