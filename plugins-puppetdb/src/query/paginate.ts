import { CapstanError } from 'capstan'
import { z } from 'zod'
import type { PuppetDbTransport } from '../http/puppetdb-transport.js'
import type { From } from './ast.js'
import type { Entity } from './entity.js'
import type { OrderField } from './fields.js'
import { checkOptions, optionsSchema, signalShape, type OrderBy } from './query-options.js'
import { resolveTarget, type QueryTarget, type ResolvedTarget } from './query-target.js'
import { sendQuery } from './run-query.js'
import { stableOrder } from './stable-order.js'
import { throwIfAborted } from './throw-if-aborted.js'

/** Options of {@link paginate}. */
export interface PaginateOptions<E extends Entity = Entity> {
  /** Rows per request (an integer, at least 1). */
  readonly pageSize: number
  /**
   * Sort keys, most significant first. For an entity or `from` target the
   * keys that tell rows apart are added after them (see {@link stableKeys});
   * for PQL they are used as given, so make them unique.
   */
  readonly orderBy?: ReadonlyArray<OrderBy<OrderField<E>>> | undefined
  /** Ask for the number of matching rows with the first page and report it on every page. */
  readonly includeTotal?: boolean | undefined
  /** Stops paging: the pending or next request rejects with CANCELLED. */
  readonly signal?: AbortSignal | undefined
}

/**
 * Options of {@link PuppetDbPlugin.paginate}: those of {@link paginate}, with
 * `pageSize` optional (the plugin's `pageSize` option by default).
 */
export interface PluginPaginateOptions<E extends Entity = Entity> extends Omit<PaginateOptions<E>, 'pageSize'> {
  /** Rows per request (an integer, at least 1); default: the plugin's `pageSize`. */
  readonly pageSize?: number | undefined
}

/** One page of a {@link paginate} walk. */
export interface Page<T> {
  /** The rows of this page, as PuppetDB returned them. */
  rows: T[]
  /** Position of the page's first row in the whole result. */
  offset: number
  /** Rows matching in all, counted with the first page (only with `includeTotal`). */
  total?: number | undefined
}

const PaginateSchema = optionsSchema({ pageSize: z.number().int().min(1), includeTotal: z.boolean().optional(), ...signalShape }).omit({ limit: true, offset: true })

/**
 * Walks a result page by page, one request per page and only when the
 * consumer asks for the next page, so memory holds one page whatever the
 * result size. Stops after a page shorter than `pageSize` (an empty page
 * after a full one is not yielded; the first page always is, so an empty
 * result is one empty page carrying its total). `break` in a `for await`
 * stops it with no further request.
 *
 * Offset paging needs an order that does not change between requests:
 * - entity and `from` targets: `orderBy` (or the from's own `order_by`) with
 *   the entity's distinguishing keys added after it, by default
 *   `certname` for nodes, `hash` for reports (see {@link stableKeys});
 * - PQL: paging works (PuppetDB 7.12 applies a body's `limit`, `offset` and
 *   `order_by` to PQL), but the PQL is not parsed for its entity, so give
 *   `orderBy` or an `order by` in the PQL yourself, and leave `limit` and
 *   `offset` out of it: they would be replaced by the pages'.
 *
 * Rows added or removed while paging can shift later pages (offset paging);
 * `total` is the count when the first page was read.
 *
 * @throws CapstanError VALIDATION_ERROR at the call when `pageSize`, the
 * order or the target does not allow paging; CANCELLED from the iteration
 * when `signal` aborts; the transport's own errors as they are.
 *
 * @example
 * ```ts
 * for await (const page of paginate<{ certname: string }>(transport, { entity: 'nodes' }, { pageSize: 500 })) {
 *   for (const node of page.rows) console.log(node.certname)
 * }
 * ```
 */
export function paginate<T = unknown, E extends Entity = Entity>(
  transport: PuppetDbTransport,
  target: QueryTarget<E>,
  options: PaginateOptions<NoInfer<E>>,
): AsyncIterable<Page<T>> {
  const checked = checkOptions(PaginateSchema, 'PuppetDB paginate options', options)
  const plan = planOrder(resolveTarget(target), checked.orderBy)
  return pages<T>(transport, plan.target, plan.orderBy, checked.pageSize, checked.includeTotal === true, checked.signal)
}

async function* pages<T>(
  transport: PuppetDbTransport,
  target: ResolvedTarget,
  orderBy: OrderBy[] | undefined,
  pageSize: number,
  includeTotal: boolean,
  signal: AbortSignal | undefined,
): AsyncGenerator<Page<T>, void, undefined> {
  let offset = 0
  let total: number | undefined
  for (;;) {
    throwIfAborted(signal, 'PuppetDB paging')
    const first = offset === 0
    const result = await sendQuery<T>(transport, target, {
      limit: pageSize,
      offset,
      ...(orderBy === undefined ? {} : { orderBy }),
      ...(first && includeTotal ? { includeTotal: true } : {}),
      ...(signal === undefined ? {} : { signal }),
    })
    throwIfAborted(signal, 'PuppetDB paging')
    if (first) total = result.total
    const { rows } = result
    if (rows.length > 0 || first) yield total === undefined ? { rows, offset } : { rows, offset, total }
    if (rows.length < pageSize) return
    offset += rows.length
  }
}

function planOrder(resolved: ResolvedTarget, orderBy: OrderBy[] | undefined): { target: ResolvedTarget; orderBy: OrderBy[] | undefined } {
  if (resolved.clauses.limit || resolved.clauses.offset) {
    const where = resolved.kind === 'pql' ? 'the PQL' : 'the from query'
    throw pagingError('target', `paginate sets limit and offset for each page; remove them from ${where}, or use runQuery for one page`)
  }
  if (resolved.kind === 'pql') {
    if (orderBy === undefined && resolved.clauses.orderBy === undefined) {
      throw pagingError(
        'orderBy',
        'paging PQL needs a stable order: pass orderBy, or put an `order by` on unique fields in the PQL (PuppetDB applies limit and offset to PQL, but this layer does not parse it to choose an order)',
      )
    }
    if (orderBy !== undefined && resolved.clauses.orderBy !== undefined) throw pagingError('orderBy', 'the PQL has its own `order by`; give the order in one place')
    return { target: resolved, orderBy }
  }
  const entity = resolved.entity as Entity
  if (resolved.kind === 'from' && resolved.clauses.orderBy !== undefined) {
    if (orderBy !== undefined) throw pagingError('orderBy', 'the from query has its own order_by; give the order in one place')
    const target = { ...resolved, query: withoutOrderBy(resolved.query as From), clauses: { ...resolved.clauses, orderBy: undefined } }
    return { target, orderBy: stableOrder(entity, resolved.ast, resolved.clauses.orderBy) }
  }
  return { target: resolved, orderBy: stableOrder(entity, resolved.ast, orderBy) }
}

// The from's order moves into the request (with the keys added), where PuppetDB would put it anyway.
function withoutOrderBy(from: From): From {
  return from.filter((part, index) => index < 2 || !(Array.isArray(part) && part[0] === 'order_by')) as unknown as From
}

function pagingError(field: string, problem: string): CapstanError {
  return new CapstanError('VALIDATION_ERROR', {
    message: `Invalid PuppetDB paginate options: ${field}: ${problem}`,
    details: { field, issues: [{ path: field, message: problem }] },
  })
}
