import { CapstanError, isCapstanError } from 'capstan'
import { describe, expect, it } from 'vitest'
import { fact, pql, q, runQuery } from '../../src/query/index.js'
import { FakeTransport, recordedResponse, recording } from '../support/fake-transport.js'

const nodes = q('nodes')
const reports = q('reports')

async function rejection(promise: Promise<unknown>): Promise<CapstanError> {
  const error: unknown = await promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (e: unknown) => e,
  )
  if (!(error instanceof CapstanError)) throw error
  return error
}

describe('runQuery: the request', () => {
  it('POSTs an entity query to its endpoint with the paging in the JSON body, as recorded (query_nodes_paged_post)', async () => {
    const recorded = recording('query_nodes_paged_post')
    const transport = new FakeTransport(() => recordedResponse('query_nodes_paged_post'))
    await runQuery(
      transport,
      { entity: 'nodes', query: nodes.match('certname', 'web') },
      { limit: 3, offset: 0, includeTotal: true, orderBy: [{ field: 'certname', order: 'asc' }] },
    )
    expect(transport.requests).toHaveLength(1)
    expect(transport.requests[0]).toMatchObject({ method: 'POST', path: recorded.request.path })
    expect(transport.body(0)).toEqual(recorded.request.body)
  })

  it('leaves out what was not asked for: no query for a whole entity, no paging keys', async () => {
    const transport = new FakeTransport(() => ({ status: 200, headers: {}, body: [] }))
    await runQuery(transport, { entity: 'reports' })
    expect(transport.requests[0]?.path).toBe('/pdb/query/v4/reports')
    expect(transport.body(0)).toEqual({})
  })

  it('spells endpoints with hyphens (fact_contents -> /fact-contents)', async () => {
    const transport = new FakeTransport(() => ({ status: 200, headers: {}, body: [] }))
    await runQuery(transport, { entity: 'package_inventory' })
    await runQuery(transport, { entity: 'fact_contents', query: q('fact_contents').eq('path', ['os', 'family']) })
    expect(transport.requests.map((r) => r.path)).toEqual(['/pdb/query/v4/package-inventory', '/pdb/query/v4/fact-contents'])
  })

  it('sends an order without a direction as PuppetDB documents it ({ field } only)', async () => {
    const transport = new FakeTransport(() => ({ status: 200, headers: {}, body: [] }))
    await runQuery(transport, { entity: 'nodes' }, { orderBy: [{ field: 'certname' }] })
    expect(transport.body(0)['order_by']).toEqual(JSON.parse(String(recording('query_ast_subquery_reports').request.params?.['order_by'])))
  })

  it('matches the recorded paging of reports (order desc, limit, include_total)', async () => {
    const recorded = recording('query_reports_failed')
    const transport = new FakeTransport(() => recordedResponse('query_reports_failed'))
    const result = await runQuery(
      transport,
      { entity: 'reports', query: reports.eq('status', 'failed') },
      { limit: 2, orderBy: [{ field: 'receive_time', order: 'desc' }], includeTotal: true },
    )
    const params = recorded.request.params ?? {}
    expect(transport.body(0)).toEqual({
      query: JSON.parse(String(params['query'])),
      limit: params['limit'],
      order_by: JSON.parse(String(params['order_by'])),
      include_total: true,
    })
    expect(result.total).toBe(5)
    expect(result.rows).toHaveLength(2)
  })

  it('POSTs a from query and PQL to the root endpoint, the query as written', async () => {
    const transport = new FakeTransport(() => ({ status: 200, headers: {}, body: [] }))
    const recordedPql = recording('query_pql_post').request.body as { query: string }
    await runQuery(transport, nodes.from(nodes.eq(fact('role'), 'db')), { limit: 5 })
    await runQuery(transport, pql(recordedPql.query))
    expect(transport.requests.map((r) => r.path)).toEqual(['/pdb/query/v4', '/pdb/query/v4'])
    expect(transport.body(0)).toEqual({ query: ['from', 'nodes', ['=', ['fact', 'role'], 'db']], limit: 5 })
    expect(transport.body(1)).toEqual(recordedPql)
  })

  it('passes the signal to the transport', async () => {
    const transport = new FakeTransport(() => ({ status: 200, headers: {}, body: [] }))
    const controller = new AbortController()
    await runQuery(transport, { entity: 'nodes' }, { signal: controller.signal })
    expect(transport.requests[0]?.signal).toBe(controller.signal)
  })
})

describe('runQuery: the result', () => {
  it('returns the rows and the X-Records total when includeTotal', async () => {
    const transport = new FakeTransport(() => recordedResponse('query_pql_paged_include_total'))
    const result = await runQuery<{ certname: string }>(transport, pql('nodes[certname]{ order by certname }'), { limit: 5, offset: 5, includeTotal: true })
    expect(result.total).toBe(50)
    expect(result.rows.map((row) => row.certname)).toEqual([
      'node006.db.example.com',
      'node007.cache.example.com',
      'node008.worker.example.com',
      'node009.lb.example.com',
      'node010.web.example.com',
    ])
  })

  it('has no total unless asked for, even when the header is there', async () => {
    const transport = new FakeTransport(() => recordedResponse('query_nodes_paged_post'))
    const result = await runQuery(transport, { entity: 'nodes' })
    expect(result).not.toHaveProperty('total')
    expect(result.rows).toHaveLength(3)
  })

  it('has no total when PuppetDB sends no usable count', async () => {
    for (const headers of [{}, { 'x-records': 'many' }, { 'x-records': '-1' }]) {
      const transport = new FakeTransport(() => ({ status: 200, headers, body: [] }))
      const result = await runQuery(transport, { entity: 'nodes' }, { includeTotal: true })
      expect(result).toEqual({ rows: [] })
    }
  })

  it('a total of 0 is a total', async () => {
    const transport = new FakeTransport(() => ({ status: 200, headers: { 'x-records': '0' }, body: [] }))
    expect(await runQuery(transport, { entity: 'nodes' }, { includeTotal: true })).toEqual({ rows: [], total: 0 })
  })

  it('a body that is not a list of rows is a PLUGIN_ERROR naming the path', async () => {
    const transport = new FakeTransport(() => ({ status: 200, headers: {}, body: { version: '7.12.1' } }))
    const error = await rejection(runQuery(transport, { entity: 'nodes' }))
    expect(error.code).toBe('PLUGIN_ERROR')
    expect(error.message).toContain('/pdb/query/v4/nodes')
  })
})

describe('runQuery: errors', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['limit below 1', { limit: 0 }, 'limit'],
    ['a fractional limit', { limit: 2.5 }, 'limit'],
    ['offset below 0', { offset: -1 }, 'offset'],
    ['an order that is not asc or desc', { orderBy: [{ field: 'certname', order: 'descending' }] }, 'orderBy[0].order'],
    ['an empty field name', { orderBy: [{ field: '' }] }, 'orderBy[0].field'],
    ['PuppetDB spelling instead of the option', { order_by: [] }, 'order_by'],
    ['includeTotal not a boolean', { includeTotal: 'yes' }, 'includeTotal'],
  ]
  for (const [what, options, field] of cases) {
    it(`${what} is a VALIDATION_ERROR naming ${field}, and nothing is sent`, async () => {
      const transport = new FakeTransport(() => ({ status: 200, headers: {}, body: [] }))
      const error = await rejection(runQuery(transport, { entity: 'nodes' }, options as never))
      expect(error.code).toBe('VALIDATION_ERROR')
      expect(error.details['field']).toBe(field)
      expect(error.message).toContain(field)
      expect(transport.requests).toHaveLength(0)
    })
  }

  it('refuses paging given both in the options and in the from or the PQL (PuppetDB would silently take the options)', async () => {
    const transport = new FakeTransport(() => ({ status: 200, headers: {}, body: [] }))
    const from = nodes.from(undefined, { limit: 3, orderBy: [{ field: 'certname' }] })
    expect((await rejection(runQuery(transport, from, { limit: 10 }))).details['field']).toBe('limit')
    expect((await rejection(runQuery(transport, from, { orderBy: [{ field: 'certname' }] }))).details['field']).toBe('orderBy')
    expect((await rejection(runQuery(transport, pql('nodes[certname]{ order by certname offset 5 }'), { offset: 10 }))).details['field']).toBe('offset')
    expect(transport.requests).toHaveLength(0)
    // Paging the from does not have itself is fine.
    await runQuery(transport, from, { offset: 3 })
    expect(transport.body(0)).toEqual({ query: from, offset: 3 })
  })

  it('refuses targets it cannot send, naming the target', async () => {
    const transport = new FakeTransport(() => ({ status: 200, headers: {}, body: [] }))
    const targets: unknown[] = [{ entity: 'node' }, ['=', 'certname', 'a'], { pql: '  ' }, {}, { entity: 'nodes', query: 'certname = "a"' }]
    for (const target of targets) {
      const error = await rejection(runQuery(transport, target as never))
      expect(error.code).toBe('VALIDATION_ERROR')
      expect(String(error.details['field'])).toMatch(/^target/)
    }
    expect(transport.requests).toHaveLength(0)
  })

  it("passes the transport's CapstanError through untouched (PuppetDB's 400 message)", async () => {
    const badField = recording('query_error_bad_field')
    const fromTransport = new CapstanError('VALIDATION_ERROR', { message: String(badField.response.body), details: { status: 400 } })
    const transport = new FakeTransport(() => Promise.reject(fromTransport))
    const error = await rejection(runQuery(transport, { entity: 'nodes', query: ['=', 'nope', 'x'] }))
    expect(error).toBe(fromTransport)
    expect(error.message).toContain("'nope' is not a queryable object for nodes")
  })

  it('an already aborted signal is CANCELLED before anything is sent', async () => {
    const transport = new FakeTransport(() => ({ status: 200, headers: {}, body: [] }))
    const controller = new AbortController()
    controller.abort(new Error('user left'))
    const error = await rejection(runQuery(transport, { entity: 'nodes' }, { signal: controller.signal }))
    expect(isCapstanError(error, 'CANCELLED')).toBe(true)
    expect((error.cause as Error).message).toBe('user left')
    expect(transport.requests).toHaveLength(0)
  })
})
