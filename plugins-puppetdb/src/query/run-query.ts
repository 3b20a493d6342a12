import { CapstanError } from 'capstan'
import { z } from 'zod'
import type { PuppetDbResponse, PuppetDbTransport } from '../http/puppetdb-transport.js'
import type { Entity } from './entity.js'
import type { PagingClauses } from './paging-clauses.js'
import { checkOptions, optionsSchema, signalShape, type CheckedPaging, type OrderBy, type PagingOptions } from './query-options.js'
import { resolveTarget, type QueryTarget, type ResolvedTarget } from './query-target.js'
import { throwIfAborted } from './throw-if-aborted.js'

/** Options of {@link runQuery}: paging, the total, and cancellation. */
export interface QueryOptions<E extends Entity = Entity> extends PagingOptions<E> {
  /** Ask PuppetDB for the number of rows the query matches without limit and offset (`total`). */
  readonly includeTotal?: boolean | undefined
  /** Aborts the request (CANCELLED). */
  readonly signal?: AbortSignal | undefined
}

/** The rows of one request and, when asked for, how many rows match in all. */
export interface QueryResult<T> {
  /** The rows, as PuppetDB returned them. */
  rows: T[]
  /**
   * PuppetDB's count of matching rows ignoring limit and offset (its
   * `X-Records` header). Only with `includeTotal`; undefined if PuppetDB did
   * not send a count.
   */
  total?: number | undefined
}

const QueryOptionsSchema = optionsSchema({ includeTotal: z.boolean().optional(), ...signalShape })

/**
 * Sends one query to PuppetDB and returns its rows: `POST` to the entity's
 * endpoint (`/pdb/query/v4/nodes`), or to the root endpoint for `from` and
 * PQL, with the JSON body `{ query, limit, offset, order_by, include_total }`.
 *
 * PuppetDB lets the body's paging replace a `from`'s or a PQL's own
 * `limit`, `offset` and `order by` without a word, so giving one in both
 * places is refused here instead. Errors of the transport (a 400 with
 * PuppetDB's message as VALIDATION_ERROR, UNAVAILABLE, TIMEOUT, ...) pass
 * through as they are.
 *
 * @throws CapstanError VALIDATION_ERROR naming the option or target at fault
 * (`limit` below 1, `offset` below 0, an order other than asc/desc, a paging
 * clause given twice); CANCELLED when `signal` has aborted.
 *
 * @example
 * ```ts
 * const nodes = q('nodes')
 * const { rows, total } = await runQuery<{ certname: string }>(transport,
 *   { entity: 'nodes', query: nodes.eq('latest_report_status', 'failed') },
 *   { limit: 10, orderBy: [{ field: 'certname' }], includeTotal: true })
 * ```
 */
export async function runQuery<T = unknown, E extends Entity = Entity>(
  transport: PuppetDbTransport,
  target: QueryTarget<E>,
  options: QueryOptions<NoInfer<E>> = {},
): Promise<QueryResult<T>> {
  const checked = checkOptions(QueryOptionsSchema, 'PuppetDB query options', options)
  return sendQuery<T>(transport, resolveTarget(target), checked)
}

/** Options of {@link sendQuery}: already checked, field names no longer tied to an entity. */
export interface CheckedQueryOptions extends CheckedPaging {
  includeTotal?: boolean | undefined
  signal?: AbortSignal | undefined
}

/** {@link runQuery} after its checks: the one request, for callers that checked target and options themselves. */
export async function sendQuery<T>(transport: PuppetDbTransport, resolved: ResolvedTarget, checked: CheckedQueryOptions): Promise<QueryResult<T>> {
  refuseClauseClash(resolved, checked)
  throwIfAborted(checked.signal, 'PuppetDB query')
  const response = await transport.send({
    method: 'POST',
    path: resolved.path,
    body: requestBody(resolved.query, checked),
    ...(checked.signal === undefined ? {} : { signal: checked.signal }),
  })
  return toResult<T>(response, resolved.path, checked.includeTotal === true)
}

function requestBody(query: unknown, options: CheckedQueryOptions): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  if (query !== undefined) body['query'] = query
  if (options.limit !== undefined) body['limit'] = options.limit
  if (options.offset !== undefined) body['offset'] = options.offset
  if (options.orderBy !== undefined) body['order_by'] = options.orderBy.map(orderByJson)
  if (options.includeTotal !== undefined) body['include_total'] = options.includeTotal
  return body
}

function orderByJson({ field, order }: OrderBy): { field: string; order?: 'asc' | 'desc' } {
  return order === undefined ? { field } : { field, order }
}

function refuseClauseClash(target: ResolvedTarget, options: CheckedPaging): void {
  const clashes: Array<[keyof CheckedPaging, keyof PagingClauses, string]> = [
    ['limit', 'limit', 'limit'],
    ['offset', 'offset', 'offset'],
    ['orderBy', 'orderBy', 'order by'],
  ]
  for (const [option, clause, word] of clashes) {
    const inQuery = clause === 'orderBy' ? target.clauses.orderBy !== undefined : target.clauses[clause]
    if (options[option] === undefined || !inQuery) continue
    const where = target.kind === 'pql' ? 'the PQL' : 'the from query'
    throw new CapstanError('VALIDATION_ERROR', {
      message: `Invalid PuppetDB query options: ${option}: ${where} has its own ${word}, and PuppetDB would silently replace it; give it in one place`,
      details: { field: option, issues: [{ path: option, message: `${where} already has ${word}` }] },
    })
  }
}

function toResult<T>(response: PuppetDbResponse, path: string, includeTotal: boolean): QueryResult<T> {
  if (!Array.isArray(response.body)) {
    throw new CapstanError('PLUGIN_ERROR', {
      message: `PuppetDB answered POST ${path} with a body that is not a list of rows`,
      details: { path, status: response.status },
    })
  }
  const rows = response.body as T[]
  if (!includeTotal) return { rows }
  const total = parseTotal(response.headers['x-records'])
  return total === undefined ? { rows } : { rows, total }
}

function parseTotal(header: string | undefined): number | undefined {
  if (header === undefined || !/^\s*\d+\s*$/.test(header)) return undefined
  return Number(header)
}
