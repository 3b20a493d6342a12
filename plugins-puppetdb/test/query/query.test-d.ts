import { describe, expectTypeOf, test } from 'vitest'
import type { PuppetDbTransport } from '../../src/http/puppetdb-transport.js'
import { fact, nodeActive, parameter, paginate, pql, q, runQuery, type Ast, type Extract, type From, type Page, type Query, type QueryResult } from '../../src/query/index.js'

declare const transport: PuppetDbTransport
const nodes = q('nodes')
const reports = q('reports')
const inventory = q('inventory')
const resources = q('resources')
const facts = q('facts')

describe('field names are checked against the entity', () => {
  test('known fields compile, typos do not', () => {
    expectTypeOf(nodes.eq('latest_report_status', 'failed')).toEqualTypeOf<Query<'nodes'>>()
    // @ts-expect-error: nodes have latest_report_status, not latest_status
    void nodes.eq('latest_status', 'failed')
    // @ts-expect-error: `latest_report?` is a field of reports, not of nodes
    void nodes.eq('latest_report?', true)
    expectTypeOf(reports.eq('latest_report?', true)).toEqualTypeOf<Query<'reports'>>()
  })

  test('dotted paths only where PuppetDB holds JSON', () => {
    void inventory.eq('facts.os.family', 'Debian')
    void inventory.match('trusted.extensions.pp_role', '^db')
    void resources.eq('parameters.ensure', 'running')
    // @ts-expect-error: "fact." is not "facts."
    void inventory.eq('fact.os.family', 'Debian')
    // @ts-expect-error: nodes take ["fact", name], not a dotted path
    void nodes.eq('facts.os.family', 'Debian')
  })

  test('fact and parameter refs only on their entity; node active on entities of a node', () => {
    void nodes.eq(fact('role'), 'db')
    void resources.eq(parameter('ensure'), 'running')
    void facts.eq(nodeActive, true)
    // @ts-expect-error: ["fact", name] is a field of nodes only
    void facts.eq(fact('role'), 'db')
    // @ts-expect-error: environments do not belong to a node
    void q('environments').eq(nodeActive, true)
  })

  test('extract columns, group_by and order_by use the entity fields', () => {
    expectTypeOf(reports.extract(['certname', 'metrics'])).toEqualTypeOf<Extract<'reports'>>()
    // @ts-expect-error: metrics can be extracted but are not a field of nodes
    void nodes.extract(['certname', 'metrics'])
    // @ts-expect-error: group_by names a column of reports
    void reports.extract('status', undefined, ['stauts'])
    expectTypeOf(nodes.from(undefined, { orderBy: [{ field: 'certname', order: 'desc' }] })).toEqualTypeOf<From<'nodes'>>()
    // @ts-expect-error: order is asc or desc
    void nodes.from(undefined, { orderBy: [{ field: 'certname', order: 'down' }] })
    // @ts-expect-error: PuppetDB does not order by dotted paths
    void inventory.from(undefined, { orderBy: [{ field: 'facts.os.family' }] })
  })
})

describe('queries of one entity do not mix with another', () => {
  test('and, or, not take queries of the same entity', () => {
    // @ts-expect-error: a reports condition inside a nodes and
    void nodes.and(nodes.eq('certname', 'a'), reports.eq('status', 'failed'))
    // @ts-expect-error: a select is not a condition
    void nodes.not(nodes.select(nodes.eq('certname', 'a')))
  })

  test('subqueries name the related entity and take its query', () => {
    expectTypeOf(nodes.subquery('reports', reports.eq('status', 'failed'))).toEqualTypeOf<Query<'nodes'>>()
    // @ts-expect-error: the query must be about the entity named
    void nodes.subquery('facts', reports.eq('status', 'failed'))
    void nodes.inQuery('certname', reports.extract('certname', reports.select(reports.eq('noop', true))))
    // @ts-expect-error: select_reports needs a reports query
    void reports.select(nodes.eq('certname', 'a'))
  })

  test('hand-written JSON is accepted as an escape hatch', () => {
    const raw = ['=', 'certname', 'web01'] as const
    expectTypeOf(raw).toMatchTypeOf<Ast>()
    void nodes.and(raw, nodes.eq('certname', 'x'))
  })
})

describe('runQuery and paginate', () => {
  test('targets: an entity with its own query, a from, or PQL', () => {
    expectTypeOf(runQuery<{ certname: string }>(transport, { entity: 'nodes', query: nodes.eq('certname', 'a') })).toEqualTypeOf<Promise<QueryResult<{ certname: string }>>>()
    void runQuery(transport, nodes.from(nodes.eq('certname', 'a')))
    void runQuery(transport, pql('nodes[certname]{}'))
    void runQuery(transport, { pql: 'nodes[certname]{}' })
    // @ts-expect-error: a reports query on the nodes endpoint
    void runQuery(transport, { entity: 'nodes', query: reports.eq('status', 'failed') })
    // @ts-expect-error: the same mistake with the row type given
    void runQuery<{ certname: string }>(transport, { entity: 'nodes', query: reports.eq('status', 'failed') })
    // @ts-expect-error: no such entity
    void runQuery(transport, { entity: 'node' })
  })

  test('orderBy fields follow the target entity', () => {
    void runQuery(transport, { entity: 'reports' }, { orderBy: [{ field: 'receive_time', order: 'desc' }] })
    // @ts-expect-error: receive_time is a field of reports, not nodes
    void runQuery(transport, { entity: 'nodes' }, { orderBy: [{ field: 'receive_time' }] })
    // @ts-expect-error: order is asc or desc
    void runQuery(transport, { entity: 'nodes' }, { orderBy: [{ field: 'certname', order: 'descending' }] })
    // @ts-expect-error: pageSize is required
    void paginate(transport, { entity: 'nodes' }, {})
  })

  test('paginate yields typed pages', () => {
    expectTypeOf(paginate<{ hash: string }>(transport, { entity: 'reports' }, { pageSize: 100 })).toEqualTypeOf<AsyncIterable<Page<{ hash: string }>>>()
  })
})
