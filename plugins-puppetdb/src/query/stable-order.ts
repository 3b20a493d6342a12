import type { Entity } from './entity.js'
import type { OrderBy } from './query-options.js'

/**
 * Columns that tell the rows of each entity apart, so paging by offset sees
 * every row once: nodes, factsets, catalogs and inventory by `certname`;
 * facts by certname and name; fact contents by certname and path; reports by
 * `hash`; events by report, resource and property; resources by certname,
 * type and title. All were checked against PuppetDB 7.12, also when the query
 * extracts other columns.
 */
export const stableKeys = {
  nodes: ['certname'],
  facts: ['certname', 'name'],
  fact_contents: ['certname', 'path'],
  fact_paths: ['path'],
  factsets: ['certname'],
  inventory: ['certname'],
  reports: ['hash'],
  events: ['report', 'resource_type', 'resource_title', 'property'],
  resources: ['certname', 'type', 'title'],
  catalogs: ['certname'],
  edges: ['certname', 'source_type', 'source_title', 'target_type', 'target_title', 'relationship'],
  environments: ['name'],
  packages: ['package_name', 'version', 'provider'],
  package_inventory: ['certname', 'package_name', 'version', 'provider'],
} as const satisfies Record<Entity, readonly string[]>

/**
 * `orderBy` made total: the keys that tell rows of `entity` apart are added
 * after it (ascending) unless already there. A grouped extract is keyed by its
 * `group_by` columns instead (PuppetDB refuses to order a grouped result by
 * anything else), and an aggregate without `group_by` is one row, which needs
 * no order. Undefined when there is nothing to order by.
 */
export function stableOrder(entity: Entity, ast: unknown, orderBy: readonly OrderBy[] = []): OrderBy[] | undefined {
  const order = [...orderBy]
  for (const field of keysOf(entity, ast)) {
    if (!order.some((key) => key.field === field)) order.push({ field })
  }
  return order.length === 0 ? undefined : order
}

function keysOf(entity: Entity, ast: unknown): readonly string[] {
  if (!Array.isArray(ast) || ast[0] !== 'extract') return stableKeys[entity]
  const last: unknown = ast[ast.length - 1]
  if (Array.isArray(last) && last[0] === 'group_by') return last.slice(1).map(String)
  const columns: unknown[] = Array.isArray(ast[1]) && ast[1][0] !== 'function' ? ast[1] : [ast[1]]
  return columns.some((column) => Array.isArray(column) && column[0] === 'function') ? [] : stableKeys[entity]
}
