export {
  q,
  fact,
  parameter,
  nodeActive,
  fn,
  type Ast,
  type AstScalar,
  type AstValue,
  type Query,
  type Extract,
  type Select,
  type From,
  type FactRef,
  type ParameterRef,
  type NodeActiveRef,
  type FunctionCall,
  type AstFunctionName,
  type FilterField,
  type Projection,
  type QueryBuilder,
} from './ast.js'
export { entities, isEntity, entityPath, ROOT_QUERY_PATH, type Entity } from './entity.js'
export { queryableFields, extractOnlyFields, type QueryableField, type DottedField, type ProjectableField, type OrderField } from './fields.js'
export { pql, isPql, type Pql } from './pql.js'
export type { OrderBy, PagingOptions } from './query-options.js'
export type { EntityTarget, QueryTarget } from './query-target.js'
export { runQuery, type QueryOptions, type QueryResult } from './run-query.js'
export { paginate, type PaginateOptions, type PluginPaginateOptions, type Page } from './paginate.js'
export { stableKeys, stableOrder } from './stable-order.js'
