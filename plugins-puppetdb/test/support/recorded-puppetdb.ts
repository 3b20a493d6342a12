import { answer, startServer, type LocalServer } from '../http/local-server.js'
import { evaluateCondition, fieldValue } from './evaluate-condition.js'
import { recording } from './fake-transport.js'

type Row = Record<string, unknown>

/** One query the server answered: entity and the JSON body the plugin sent. */
export interface AnsweredQuery {
  entity: string
  body: { query?: unknown; limit?: number; offset?: number; order_by?: Array<{ field: string; order?: string }>; include_total?: boolean }
}

/** A local PuppetDB answering from the recorded exchanges in plugins-puppetdb/test/fixtures/recorded. */
export interface RecordedPuppetDb {
  url: string
  server: LocalServer
  /** Every query, in arrival order. */
  queries: AnsweredQuery[]
  /** The rows it serves, per entity (recorded answers; reports and events marked `latest_report?`). */
  data: { nodes: Row[]; inventory: Row[]; reports: Row[]; events: Row[] }
  close(): Promise<void>
}

const body = (name: string): unknown => recording(name).response.body

/** The recorded rows of several answers, each once (by `key`). */
function rowsOf(names: string[], key: (row: Row) => string): Row[] {
  const rows = new Map<string, Row>()
  for (const name of names) for (const row of body(name) as Row[]) rows.set(key(row), row)
  return [...rows.values()]
}

/**
 * Starts the server on 127.0.0.1 and a random port. It answers what the
 * plugin asks: meta version and server time, the puppetdb-status service,
 * and POST queries on nodes, inventory, reports and events, evaluated over
 * the recorded rows (conditions, the `select_inventory` subquery of a node
 * filter, `extract`, `order_by`, paging and `X-Records`). The recordings
 * hold every active node (50) but the full inventory of only two of them,
 * as PuppetDB answered a Debian query. Recorded reports and events count as
 * their node's latest.
 */
export async function startRecordedPuppetDb(): Promise<RecordedPuppetDb> {
  const data = {
    nodes: body('query_nodes_all') as Row[],
    inventory: body('query_inventory_debian') as Row[],
    reports: rowsOf(['query_reports_latest_one', 'query_reports_failed'], (row) => String(row['hash'])).map((row) => ({ ...row, 'latest_report?': true })),
    events: rowsOf(['query_events_failure', 'query_events_noop_latest'], (row) => JSON.stringify([row['report'], row['resource_type'], row['resource_title'], row['property']])).map(
      (row) => ({ ...row, 'latest_report?': true }),
    ),
  }
  const status = (body('query_status_services') as Record<string, unknown>)['puppetdb-status']
  const gets: Record<string, unknown> = {
    '/pdb/meta/v1/version': body('query_meta_version'),
    '/pdb/meta/v1/server-time': body('query_meta_server_time'),
    '/status/v1/services/puppetdb-status': status,
  }
  const queries: AnsweredQuery[] = []
  const server = await startServer((req, res) => {
    const path = req.url.split('?')[0] ?? ''
    if (req.method === 'GET' && path in gets) return answer(res, 200, gets[path])
    const entity = /^\/pdb\/query\/v4\/(nodes|inventory|reports|events)$/.exec(path)?.[1] as keyof typeof data | undefined
    if (req.method !== 'POST' || entity === undefined) return answer(res, 404, `no recording for ${req.method} ${path}`)
    const request = JSON.parse(req.body === '' ? '{}' : req.body) as AnsweredQuery['body']
    queries.push({ entity, body: request })
    try {
      const { rows, total } = runQuery(data, entity, request)
      return answer(res, 200, rows, request.include_total === true ? { 'x-records': String(total) } : {})
    } catch (error) {
      return answer(res, 400, error instanceof Error ? error.message : String(error))
    }
  })
  return { url: server.url, server, queries, data, close: () => server.close() }
}

function runQuery(data: RecordedPuppetDb['data'], entity: keyof RecordedPuppetDb['data'], request: AnsweredQuery['body']): { rows: Row[]; total: number } {
  const query = request.query as unknown[] | undefined
  const extract = Array.isArray(query) && query[0] === 'extract' ? (query[1] as string[]) : undefined
  const condition = extract === undefined ? query : query?.[2]
  let rows = data[entity].filter((row) => condition === undefined || matches(data, condition, row))
  for (const { field, order } of [...(request.order_by ?? [])].reverse()) {
    rows = [...rows].sort((a, b) => compareValues(fieldValue(a, field), fieldValue(b, field)) * (order === 'desc' ? -1 : 1))
  }
  const total = rows.length
  const offset = request.offset ?? 0
  rows = rows.slice(offset, request.limit === undefined ? undefined : offset + request.limit)
  return { rows: extract === undefined ? rows : rows.map((row) => Object.fromEntries(extract.map((field) => [field, fieldValue(row, field) ?? null]))), total }
}

/** A condition, with the node filter's `["in", "certname", ["extract", "certname", ["select_inventory", c]]]` understood. */
function matches(data: RecordedPuppetDb['data'], condition: unknown, row: Row): boolean {
  if (Array.isArray(condition) && condition[0] === 'in') {
    const [, field, subquery] = condition as [string, string, [string, string, [string, unknown]]]
    if (subquery[0] !== 'extract' || subquery[2][0] !== 'select_inventory') throw new Error(`unsupported subquery ${JSON.stringify(subquery)}`)
    const inner = subquery[2][1]
    return data.inventory.some((candidate) => evaluateCondition(inner, candidate) && candidate[subquery[1]] === row[field])
  }
  return evaluateCondition(condition, row)
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0
  if (a === undefined || a === null) return 1
  if (b === undefined || b === null) return -1
  return String(a) < String(b) ? -1 : 1
}
