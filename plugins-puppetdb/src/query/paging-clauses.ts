import type { AstValue, From } from './ast.js'
import type { OrderBy } from './query-options.js'

/** Which paging clauses a query already carries itself. */
export interface PagingClauses {
  limit: boolean
  offset: boolean
  /** The query's own order, when it has one (for PQL only whether it has one: `[]`). */
  orderBy: OrderBy[] | undefined
}

/**
 * The paging clauses of a `["from", entity, ...]` query. PuppetDB 7.12 lets
 * the request's `limit`, `offset` and `order_by` silently replace these, so
 * callers check them before sending both.
 */
export function fromPagingClauses(from: From): PagingClauses {
  const clauses: PagingClauses = { limit: false, offset: false, orderBy: undefined }
  for (const part of from.slice(2)) {
    if (!Array.isArray(part)) continue
    if (part[0] === 'limit') clauses.limit = true
    else if (part[0] === 'offset') clauses.offset = true
    else if (part[0] === 'order_by' && Array.isArray(part[1])) clauses.orderBy = (part[1] as readonly AstValue[]).map(toOrderBy)
  }
  return clauses
}

function toOrderBy(key: AstValue): OrderBy {
  if (Array.isArray(key)) return { field: String(key[0]), order: key[1] === 'desc' ? 'desc' : 'asc' }
  return { field: String(key) }
}

/**
 * Which paging clauses PQL text has at its top level (inside the outermost
 * `{ }`, outside string literals). A `limit` inside a subquery
 * (`nodes { certname in reports[certname] { limit 5 } }`) is not one: it does
 * not page the result. This reads PQL only as far as braces and quotes; it
 * does not parse it.
 */
export function pqlPagingClauses(text: string): PagingClauses {
  const top = topLevelText(text)
  return {
    limit: /\blimit\s+\d/i.test(top),
    offset: /\boffset\s+\d/i.test(top),
    orderBy: /\border\s+by\b/i.test(top) ? [] : undefined,
  }
}

function topLevelText(text: string): string {
  let out = ''
  let depth = 0
  let quote: string | undefined
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i)
    if (quote !== undefined) {
      if (char === '\\') i++
      else if (char === quote) quote = undefined
      continue
    }
    if (char === '"' || char === "'") quote = char
    else if (char === '{') depth++
    else if (char === '}') depth--
    // Everything but the top level becomes blanks, so words on either side of a subquery never join.
    out += depth === 1 && char !== '{' ? char : ' '
  }
  return out
}
