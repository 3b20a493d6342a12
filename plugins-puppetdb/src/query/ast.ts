import { CapstanError } from 'capstan'
import type { Entity } from './entity.js'
import type { DottedField, ProjectableField, QueryableField } from './fields.js'
import { checkOptions, pagingSchema, type PagingOptions } from './query-options.js'

/** A JSON scalar as it appears in an AST query. */
export type AstScalar = string | number | boolean | null

/** Anything that can appear inside an AST query: scalars and nested arrays. */
export type AstValue = AstScalar | readonly AstValue[]

/**
 * A PuppetDB AST query as JSON: an operator followed by its arguments,
 * `["=", "certname", "web01"]`. Hand-written queries (`[...] as const`) are
 * accepted wherever a builder-made one is.
 */
export type Ast = readonly [string, ...AstValue[]]

declare const astKind: unique symbol

/**
 * Type-only tag saying what a builder-made AST is and which entity it is
 * about. It never exists at run time; it only makes a `reports` query
 * unassignable where a `nodes` query is expected.
 */
interface Tagged<K extends string, E extends Entity> {
  readonly [astKind]?: { readonly kind: K; readonly entity: E } | undefined
}

/** A condition on rows of `E`: what `and`, `=`, `in` and friends build. */
export type Query<E extends Entity = Entity> = Ast & Tagged<'query', E>
/** An `["extract", fields, query?, group_by?]` projection over `E`. */
export type Extract<E extends Entity = Entity> = Ast & Tagged<'extract', E>
/** A `["select_<entity>", query]` statement, the source of an explicit subquery's extract. */
export type Select<E extends Entity = Entity> = Ast & Tagged<'select', E>
/** A `["from", entity, query?, paging...]` query, sent to the root endpoint. */
export type From<E extends Entity = Entity> = Ast & Tagged<'from', E>

/** `["fact", name]`: a fact's value as a field of nodes. */
export type FactRef = readonly ['fact', string]
/** `["parameter", name]`: a resource parameter as a field of resources. */
export type ParameterRef = readonly ['parameter', string]
/** `["node", "active"]`: whether the row's node is active (not deactivated or expired). */
export type NodeActiveRef = readonly ['node', 'active']

/** The aggregate and formatting functions `extract` can apply. */
export type AstFunctionName = 'count' | 'avg' | 'sum' | 'min' | 'max' | 'to_string'
/** `["function", name, ...args]`, as an `extract` column. */
export type FunctionCall = readonly ['function', AstFunctionName, ...string[]]

/**
 * What a condition on `E` can compare: a plain field, a dotted path where `E`
 * holds JSON (inventory facts and trusted, resource parameters), a fact of a
 * node, a parameter of a resource, and `["node", "active"]` on entities that
 * belong to a node.
 */
export type FilterField<E extends Entity> =
  | QueryableField<E>
  | DottedField<E>
  | (E extends 'nodes' ? FactRef : never)
  | (E extends 'resources' ? ParameterRef : never)
  | (E extends unknown ? ('certname' extends QueryableField<E> ? NodeActiveRef : never) : never)

/** A column of an `extract` over `E`: a field or a function call. */
export type Projection<E extends Entity> = ProjectableField<E> | FunctionCall

/**
 * Builds AST queries about one entity. Every method is a plain function
 * (no `this`), so `const { eq, and } = q('nodes')` works.
 */
export interface QueryBuilder<E extends Entity> {
  /** The entity this builder is about. */
  readonly entity: E
  /** `["=", field, value]`: equal (an array field matches if one element does). */
  eq(field: FilterField<E>, value: AstValue): Query<E>
  /** `["~", field, regex]`: matches a PostgreSQL regular expression (no slashes). */
  match(field: FilterField<E>, regex: string): Query<E>
  /** `["~>", field, patterns]`: each element of a path matches its regular expression. */
  matchPath(field: FilterField<E>, patterns: ReadonlyArray<string | number>): Query<E>
  /** `["<", field, value]`: numbers and timestamps (ISO strings). */
  lt(field: FilterField<E>, value: number | string): Query<E>
  /** `["<=", field, value]`. */
  lte(field: FilterField<E>, value: number | string): Query<E>
  /** `[">", field, value]`. */
  gt(field: FilterField<E>, value: number | string): Query<E>
  /** `[">=", field, value]`. */
  gte(field: FilterField<E>, value: number | string): Query<E>
  /** `["null?", field, isNull]`: the field is null (default) or, with `false`, is not. */
  isNull(field: FilterField<E>, isNull?: boolean): Query<E>
  /** `["and", ...queries]`: all match. Throws VALIDATION_ERROR when given none (PuppetDB rejects an empty `and`). */
  and(...queries: ReadonlyArray<Query<E>>): Query<E>
  /** `["or", ...queries]`: at least one matches. Throws VALIDATION_ERROR when given none. */
  or(...queries: ReadonlyArray<Query<E>>): Query<E>
  /** `["not", query]`. */
  not(query: Query<E>): Query<E>
  /**
   * `["in", field, ["array", values]]`: the field equals one of `values`.
   *
   * On a dotted path (`facts.os.family`) the same condition is built as an
   * `or` of `=`, which the docs call equivalent, because PuppetDB 7.12 answers
   * `in`/`array` on a dotted path with a 500 ("Value does not match schema").
   * No values on a dotted path is built as a condition that never matches.
   */
  in(field: FilterField<E>, values: ReadonlyArray<AstScalar>): Query<E>
  /**
   * `["in", fields, subquery]`: explicit subquery. The fields of this entity
   * must be in the rows of `subquery`, an `extract` (usually over a
   * `select(...)`) or a `from` with an extract.
   */
  inQuery(fields: FilterField<E> | ReadonlyArray<FilterField<E>>, subquery: Extract | From): Query<E>
  /**
   * `["subquery", entity, query]`: implicit subquery; rows of this entity
   * related to rows of `entity` matching `query` (PuppetDB knows the join).
   */
  subquery<S extends Entity>(entity: S, query: Query<NoInfer<S>>): Query<E>
  /**
   * `["extract", fields, query?, ["group_by", ...groupBy]?]`: only these
   * columns (a single field stays a string, as PuppetDB shows it). `query` is
   * a condition on this entity or, inside an explicit subquery, `select(...)`.
   */
  extract(fields: Projection<E> | ReadonlyArray<Projection<E>>, query?: Query<E> | Select<E>, groupBy?: ReadonlyArray<ProjectableField<E>>): Extract<E>
  /** `["select_<entity>", query]`: the rows an explicit subquery extracts from. */
  select(query: Query<E>): Select<E>
  /**
   * `["from", entity, query?, ["order_by", ...]?, ["limit", n]?, ["offset", n]?]`,
   * for the root endpoint or inside `inQuery`. Throws VALIDATION_ERROR on a
   * bad limit, offset or order, naming it.
   */
  from(query?: Query<E> | Extract<E>, paging?: PagingOptions<E>): From<E>
}

/**
 * A builder of AST queries about `entity`, so field names are checked
 * against that entity while you type.
 *
 * @example
 * ```ts
 * const nodes = q('nodes')
 * const failedDb = nodes.and(nodes.eq('latest_report_status', 'failed'), nodes.eq(fact('role'), 'db'))
 * // ["and", ["=", "latest_report_status", "failed"], ["=", ["fact", "role"], "db"]]
 * ```
 */
export function q<E extends Entity>(entity: E): QueryBuilder<E> {
  const query = (...parts: AstValue[]): Query<E> => parts as unknown as Query<E>
  const field = (f: FilterField<E> | ReadonlyArray<FilterField<E>>): AstValue => (isFieldList(f) ? f.map(copyField) : copyField(f))
  const combine = (operator: 'and' | 'or', queries: ReadonlyArray<Query<E>>): Query<E> => {
    if (queries.length === 0) {
      throw new CapstanError('VALIDATION_ERROR', {
        message: `${operator}() needs at least one query: PuppetDB rejects an empty "${operator}"`,
        details: { field: operator, issues: [{ path: operator, message: 'needs at least one query' }] },
      })
    }
    return query(operator, ...queries)
  }
  return {
    entity,
    eq: (f, value) => query('=', field(f), value),
    match: (f, regex) => query('~', field(f), regex),
    matchPath: (f, patterns) => query('~>', field(f), [...patterns]),
    lt: (f, value) => query('<', field(f), value),
    lte: (f, value) => query('<=', field(f), value),
    gt: (f, value) => query('>', field(f), value),
    gte: (f, value) => query('>=', field(f), value),
    isNull: (f, isNull = true) => query('null?', field(f), isNull),
    and: (...queries) => combine('and', queries),
    or: (...queries) => combine('or', queries),
    not: (inner) => query('not', inner),
    in: (f, values) => {
      if (typeof f === 'string' && f.includes('.')) {
        if (values.length === 0) return query('and', ['null?', f, true], ['null?', f, false])
        return query('or', ...values.map((value) => ['=', f, value] as const))
      }
      return query('in', field(f), ['array', [...values]])
    },
    inQuery: (fields, subquery) => query('in', field(fields), subquery),
    subquery: (related, inner) => query('subquery', related, inner),
    extract: (fields, inner, groupBy) => {
      const columns: AstValue = isProjectionList(fields) ? fields.map(copyField) : copyField(fields)
      const parts: AstValue[] = ['extract', columns]
      if (inner !== undefined) parts.push(inner)
      if (groupBy !== undefined && groupBy.length > 0) parts.push(['group_by', ...groupBy])
      return parts as unknown as Extract<E>
    },
    select: (inner) => [`select_${entity}`, inner] as unknown as Select<E>,
    from: (inner, paging) => {
      const checked = checkOptions(pagingSchema, `from("${entity}") paging`, paging)
      const parts: AstValue[] = ['from', entity]
      if (inner !== undefined) parts.push(inner)
      if (checked.orderBy !== undefined) parts.push(['order_by', checked.orderBy.map(({ field: f, order }) => (order === undefined ? f : [f, order]))])
      if (checked.limit !== undefined) parts.push(['limit', checked.limit])
      if (checked.offset !== undefined) parts.push(['offset', checked.offset])
      return parts as unknown as From<E>
    },
  }
}

/** `["fact", name]`: compares a fact's value on nodes, `q('nodes').eq(fact('role'), 'db')`. */
export function fact(name: string): FactRef {
  return ['fact', name]
}

/** `["parameter", name]`: compares a parameter on resources, `q('resources').eq(parameter('ensure'), 'running')`. */
export function parameter(name: string): ParameterRef {
  return ['parameter', name]
}

/** `["node", "active"]`: `q('facts').eq(nodeActive, true)` keeps rows of active nodes only. */
export const nodeActive: NodeActiveRef = Object.freeze(['node', 'active'] as const)

/**
 * `["function", name, ...args]`: an extract column computed by PuppetDB,
 * `fn('count')`, `fn('avg', 'value')`, `fn('to_string', 'report_timestamp', 'YYYY-MM-DD')`.
 */
export function fn(name: AstFunctionName, ...args: string[]): FunctionCall {
  return ['function', name, ...args]
}

function isFieldList<F>(f: F | ReadonlyArray<F>): f is ReadonlyArray<F> {
  // A FactRef (["fact", "role"]) is an array too; a list of fields holds strings or refs, never the word "fact" first.
  return Array.isArray(f) && !isRef(f)
}

function isRef(value: unknown): boolean {
  return Array.isArray(value) && value.length === 2 && (value[0] === 'fact' || value[0] === 'parameter' || value[0] === 'node') && typeof value[1] === 'string'
}

function isProjectionList<P>(p: P | ReadonlyArray<P>): p is ReadonlyArray<P> {
  return Array.isArray(p) && p[0] !== 'function'
}

// Copies refs and lists so a caller changing its array later cannot change a query already built.
function copyField(f: unknown): AstValue {
  return Array.isArray(f) ? [...(f as AstValue[])] : (f as AstValue)
}
