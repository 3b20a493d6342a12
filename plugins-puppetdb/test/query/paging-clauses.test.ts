import { describe, expect, it } from 'vitest'
import { q, type From } from '../../src/query/index.js'
import { fromPagingClauses, pqlPagingClauses } from '../../src/query/paging-clauses.js'
import { recordedQuery, recording } from '../support/fake-transport.js'

describe('pqlPagingClauses', () => {
  const pqlOf = (name: string): string => String(recording(name).request.params?.['query'])

  it('finds the top-level paging of the recorded PQL queries', () => {
    expect(pqlPagingClauses(pqlOf('query_pql_paged_include_total'))).toEqual({ limit: true, offset: true, orderBy: [] })
    expect(pqlPagingClauses(pqlOf('query_pql_latest_failed_reports'))).toEqual({ limit: false, offset: false, orderBy: [] })
    expect(pqlPagingClauses(pqlOf('query_pql_nodes_with_os_fact'))).toEqual({ limit: true, offset: false, orderBy: undefined })
    expect(pqlPagingClauses(pqlOf('query_pql_event_count_by_status'))).toEqual({ limit: false, offset: false, orderBy: undefined })
  })

  it('ignores clause words inside string literals and subqueries', () => {
    expect(pqlPagingClauses('nodes[certname]{ certname = "limit 5 offset 3 order by x" }')).toEqual({ limit: false, offset: false, orderBy: undefined })
    expect(pqlPagingClauses("nodes[certname]{ certname = 'order by \\' limit 2' }")).toEqual({ limit: false, offset: false, orderBy: undefined })
    expect(pqlPagingClauses('nodes[certname]{ certname in reports[certname]{ order by certname limit 1 } }')).toEqual({
      limit: false,
      offset: false,
      orderBy: undefined,
    })
  })

  it('reads clauses on either side of a subquery and in any case', () => {
    expect(pqlPagingClauses('nodes[certname]{ certname in reports[certname]{ status = "failed" } ORDER BY certname LIMIT 3 }')).toEqual({
      limit: true,
      offset: false,
      orderBy: [],
    })
  })
})

describe('fromPagingClauses', () => {
  it('reads order_by, limit and offset of a from query', () => {
    expect(fromPagingClauses(recordedQuery('query_ast_from_nodes') as From)).toEqual({ limit: true, offset: false, orderBy: [{ field: 'certname' }] })
    const reports = q('reports')
    expect(fromPagingClauses(reports.from(undefined, { orderBy: [{ field: 'receive_time', order: 'desc' }], offset: 4 }))).toEqual({
      limit: false,
      offset: true,
      orderBy: [{ field: 'receive_time', order: 'desc' }],
    })
  })

  it('does not take a query that merely mentions the words for a clause', () => {
    const nodes = q('nodes')
    expect(fromPagingClauses(nodes.from(nodes.eq('certname', 'limit')))).toEqual({ limit: false, offset: false, orderBy: undefined })
  })
})
