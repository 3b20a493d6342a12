import { CapstanError } from 'capstan'
import type { Extract, From, Query } from './ast.js'
import { entityPath, isEntity, ROOT_QUERY_PATH, type Entity } from './entity.js'
import { fromPagingClauses, pqlPagingClauses, type PagingClauses } from './paging-clauses.js'
import { isPql, type Pql } from './pql.js'

/**
 * One entity's endpoint with an optional AST query (a condition or an
 * extract), `{ entity: 'nodes', query: nodes.eq('certname', 'web01') }`.
 * A query built for another entity does not type-check.
 */
export type EntityTarget<E extends Entity = Entity> = E extends Entity ? { readonly entity: E; readonly query?: Query<E> | Extract<E> | undefined } : never

/**
 * What {@link runQuery} and {@link paginate} can ask: an entity with an AST
 * query (sent to that entity's endpoint), a `from` query or PQL (both sent to
 * the root endpoint).
 */
export type QueryTarget<E extends Entity = Entity> = EntityTarget<E> | From<E> | Pql

/** A target checked and reduced to what the request needs. */
export interface ResolvedTarget {
  /** `entity`, `from` or `pql`, for messages. */
  kind: 'entity' | 'from' | 'pql'
  /** The entity, when the target names one (PQL does not, for this layer). */
  entity: Entity | undefined
  /** Where to POST. */
  path: string
  /** The body's `query`: AST JSON, PQL text, or nothing for a whole entity. */
  query: unknown
  /** Paging clauses the query carries itself. */
  clauses: PagingClauses
  /** The AST the rows come from (the entity's query or the from's inner query), for the default order. */
  ast: unknown
}

/** Checks `target` and works out where and what to send. Throws VALIDATION_ERROR naming `target`. */
export function resolveTarget(target: unknown): ResolvedTarget {
  if (isPql(target)) {
    if (target.pql.trim() === '') throw badTarget('the PQL text is empty')
    return { kind: 'pql', entity: undefined, path: ROOT_QUERY_PATH, query: target.pql, clauses: pqlPagingClauses(target.pql), ast: undefined }
  }
  if (Array.isArray(target)) {
    if (target[0] !== 'from') throw badTarget(`an AST target must be a ["from", entity, ...] query, not ["${String(target[0])}", ...]; pass { entity, query } for a query on one entity`)
    if (!isEntity(target[1])) throw badTarget(`unknown entity ${JSON.stringify(target[1])} in the from query`)
    const from = target as unknown as From
    const inner = target[2]
    const ast = Array.isArray(inner) && !['order_by', 'limit', 'offset'].includes(String(inner[0])) ? inner : undefined
    return { kind: 'from', entity: target[1], path: ROOT_QUERY_PATH, query: target, clauses: fromPagingClauses(from), ast }
  }
  if (typeof target === 'object' && target !== null && 'entity' in target) {
    const { entity, query } = target as { entity: unknown; query?: unknown }
    if (!isEntity(entity)) throw badTarget(`unknown entity ${JSON.stringify(entity)}`, 'target.entity')
    if (query !== undefined && !Array.isArray(query)) throw badTarget('target.query must be an AST array', 'target.query')
    return { kind: 'entity', entity, path: entityPath(entity), query, clauses: { limit: false, offset: false, orderBy: undefined }, ast: query }
  }
  throw badTarget('expected { entity, query? }, a ["from", ...] query or { pql }')
}

function badTarget(problem: string, field = 'target'): CapstanError {
  return new CapstanError('VALIDATION_ERROR', {
    message: `Invalid PuppetDB query target: ${problem}`,
    details: { field, issues: [{ path: field, message: problem }] },
  })
}
