import type { SourceNode } from 'capstan'
import type { PuppetDbTransport } from '../http/puppetdb-transport.js'
import type { Ast } from '../query/ast.js'
import { paginate } from '../query/paginate.js'
import { deriveGroups } from './derive-groups.js'
import { mapNode } from './map-node.js'
import { groupField } from './node-filter-query.js'
import { projectFacts } from './project-facts.js'

/** What {@link readInventory} needs to know. */
export interface InventoryReadOptions {
  /** Plugin name, the nodes' source. */
  source: string
  pageSize: number
  groupBy: readonly string[]
  /** Fact paths attached to each node. */
  facts: readonly string[]
  /** Only nodes matching this `inventory` condition; every active node when undefined. */
  condition?: Ast
  signal?: AbortSignal
}

/**
 * The active nodes as SourceNodes: two paged walks, one over `nodes` (report
 * status, timestamps, environments) and one projecting the group and
 * attached facts out of `inventory`, joined by certname. With a condition,
 * both walks are narrowed to the matching nodes by PuppetDB itself.
 */
export async function readInventory(transport: PuppetDbTransport, options: InventoryReadOptions): Promise<SourceNode[]> {
  const factFields = [...new Set([...options.groupBy.filter((path) => path !== 'environment'), ...options.facts])].map(groupField)
  const projection: Ast = ['extract', ['certname', 'environment', ...factFields], ...(options.condition === undefined ? [] : [options.condition])]
  const nodesQuery: Ast | undefined = options.condition === undefined ? undefined : ['in', 'certname', ['extract', 'certname', ['select_inventory', options.condition]]]
  const paging = { pageSize: options.pageSize, ...(options.signal === undefined ? {} : { signal: options.signal }) }
  const projected = new Map<string, Record<string, unknown>>()
  const rows: Array<Record<string, unknown>> = []
  await Promise.all([
    (async () => {
      for await (const page of paginate<Record<string, unknown>>(transport, { entity: 'inventory', query: projection }, paging)) {
        for (const row of page.rows) projected.set(String(row.certname), row)
      }
    })(),
    (async () => {
      const target = nodesQuery === undefined ? { entity: 'nodes' as const } : { entity: 'nodes' as const, query: nodesQuery }
      for await (const page of paginate<Record<string, unknown>>(transport, target, paging)) rows.push(...page.rows)
    })(),
  ])
  return rows.map((row) => {
    const extra = projected.get(String(row.certname))
    const facts = extra === undefined ? {} : projectFacts(extra)
    const environment = extra?.environment ?? row.catalog_environment ?? row.facts_environment ?? row.report_environment
    return mapNode(row, { facts, groups: deriveGroups({ ...facts, environment }, options.groupBy) }, options.source)
  })
}
