import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { CapstanError, isCapstanError } from 'capstan'
import { describe, expect, it } from 'vitest'
import { thrownBy } from '@capstan/test-support/errors'
import { fn, paginate, pql, q, type Page } from '../../src/query/index.js'
import { FakeTransport, rowsOnDemand } from '../support/fake-transport.js'

type Row = { n: number }

const nodes = q('nodes')
const reports = q('reports')

describe('paginate: one request per page, only when asked', () => {
  it('fetches nothing until the first page is asked for, then one request per page', async () => {
    const transport = new FakeTransport(rowsOnDemand(1_000_000))
    const iterator = paginate<Row>(transport, { entity: 'nodes' }, { pageSize: 100 })[Symbol.asyncIterator]()
    expect(transport.requests).toHaveLength(0)
    const first = await iterator.next()
    expect(transport.requests).toHaveLength(1)
    expect(first.value).toMatchObject({ offset: 0 })
    expect((first.value as Page<Row>).rows.map((row) => row.n)).toEqual(Array.from({ length: 100 }, (_, i) => i))
    await iterator.next()
    await iterator.next()
    expect(transport.requests).toHaveLength(3)
    expect(transport.requests.map((r) => (r.body as { offset: number }).offset)).toEqual([0, 100, 200])
    expect(transport.requests.every((r) => (r.body as { limit: number }).limit === 100)).toBe(true)
  })

  it('stops after a short page without asking again', async () => {
    const transport = new FakeTransport(rowsOnDemand(250))
    const pages: Array<Page<Row>> = []
    for await (const page of paginate<Row>(transport, { entity: 'nodes' }, { pageSize: 100 })) pages.push(page)
    expect(pages.map((page) => [page.offset, page.rows.length])).toEqual([
      [0, 100],
      [100, 100],
      [200, 50],
    ])
    expect(transport.requests).toHaveLength(3)
  })

  it('does not yield the empty page that follows a last full page', async () => {
    const transport = new FakeTransport(rowsOnDemand(200))
    const sizes: number[] = []
    for await (const page of paginate<Row>(transport, { entity: 'nodes' }, { pageSize: 100 })) sizes.push(page.rows.length)
    expect(sizes).toEqual([100, 100])
    expect(transport.requests).toHaveLength(3)
  })

  it('an empty result is one empty page, with its total', async () => {
    const transport = new FakeTransport(rowsOnDemand(0))
    const pages: Array<Page<Row>> = []
    for await (const page of paginate<Row>(transport, { entity: 'nodes' }, { pageSize: 10, includeTotal: true })) pages.push(page)
    expect(pages).toEqual([{ rows: [], offset: 0, total: 0 }])
  })

  it('break in for await stops fetching', async () => {
    const transport = new FakeTransport(rowsOnDemand(1_000_000))
    let seen = 0
    for await (const page of paginate<Row>(transport, { entity: 'nodes' }, { pageSize: 10 })) {
      seen += page.rows.length
      if (page.offset === 20) break
    }
    expect(seen).toBe(30)
    expect(transport.requests).toHaveLength(3)
  })

  it('asks for the total once, with the first page, and reports it on every page', async () => {
    const transport = new FakeTransport(rowsOnDemand(25))
    const totals: Array<number | undefined> = []
    for await (const page of paginate<Row>(transport, { entity: 'nodes' }, { pageSize: 10, includeTotal: true })) totals.push(page.total)
    expect(totals).toEqual([25, 25, 25])
    expect(transport.requests.map((r) => (r.body as { include_total?: boolean }).include_total)).toEqual([true, undefined, undefined])
  })

  it('pages carry only their own rows: the yielded rows are the response rows, nothing accumulates', async () => {
    const bodies: unknown[] = []
    const answer = rowsOnDemand(1_000)
    const transport = new FakeTransport((request, index) => {
      const response = answer(request, index)
      bodies.push((response as { body: unknown }).body)
      return response
    })
    let index = 0
    for await (const page of paginate<Row>(transport, { entity: 'nodes' }, { pageSize: 100 })) {
      expect(page.rows).toBe(bodies[index])
      expect(page.rows).toHaveLength(100)
      index++
    }
    expect(index).toBe(10)
  })

  it('lets the garbage collector take a page once the consumer has moved on', async () => {
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const transport = new FakeTransport(rowsOnDemand(1_000_000))
    const iterator = paginate<Row>(transport, { entity: 'nodes' }, { pageSize: 1_000 })[Symbol.asyncIterator]()
    const firstPage = new WeakRef((await iterator.next()).value as Page<Row>)
    const firstRows = new WeakRef(firstPage.deref()?.rows ?? [])
    for (let i = 0; i < 3; i++) await iterator.next()
    // WeakRefs hold their target until the current job ends.
    await new Promise((resolve) => setTimeout(resolve, 0))
    gc()
    expect(firstPage.deref()).toBeUndefined()
    expect(firstRows.deref()).toBeUndefined()
    await iterator.return?.()
  })
})

describe('paginate: cancellation', () => {
  it('an abort between pages rejects the next page with CANCELLED and sends nothing more', async () => {
    const transport = new FakeTransport(rowsOnDemand(1_000))
    const controller = new AbortController()
    const iterator = paginate<Row>(transport, { entity: 'nodes' }, { pageSize: 10, signal: controller.signal })[Symbol.asyncIterator]()
    await iterator.next()
    controller.abort()
    const error = await iterator.next().then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(isCapstanError(error, 'CANCELLED')).toBe(true)
    expect(transport.requests).toHaveLength(1)
  })

  it('an abort during a request is CANCELLED even if the transport answered anyway', async () => {
    const controller = new AbortController()
    const answer = rowsOnDemand(1_000)
    const transport = new FakeTransport((request, index) => {
      controller.abort()
      return answer(request, index)
    })
    const iterator = paginate<Row>(transport, { entity: 'nodes' }, { pageSize: 10, signal: controller.signal })[Symbol.asyncIterator]()
    const error = await iterator.next().then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(isCapstanError(error, 'CANCELLED')).toBe(true)
  })

  it('hands the signal to every request', async () => {
    const transport = new FakeTransport(rowsOnDemand(15))
    const controller = new AbortController()
    for await (const page of paginate<Row>(transport, { entity: 'nodes' }, { pageSize: 10, signal: controller.signal })) void page
    expect(transport.requests.map((r) => r.signal)).toEqual([controller.signal, controller.signal])
  })

  it('transport errors reject the page as they are', async () => {
    const failure = new CapstanError('UNAVAILABLE', { message: 'PuppetDB is down' })
    const answer = rowsOnDemand(1_000)
    const transport = new FakeTransport((request, index) => (index === 1 ? Promise.reject(failure) : answer(request, index)))
    const iterator = paginate<Row>(transport, { entity: 'nodes' }, { pageSize: 10 })[Symbol.asyncIterator]()
    await iterator.next()
    await expect(iterator.next()).rejects.toBe(failure)
  })
})

describe('paginate: a stable order', () => {
  const orderOf = async (target: Parameters<typeof paginate>[1], orderBy?: Array<{ field: string; order?: 'asc' | 'desc' }>): Promise<unknown> => {
    const transport = new FakeTransport(rowsOnDemand(1))
    for await (const page of paginate(transport, target, { pageSize: 10, ...(orderBy === undefined ? {} : { orderBy: orderBy as never }) })) void page
    return transport.body(0)['order_by']
  }

  it('orders by the keys of the entity when no order is given', async () => {
    expect(await orderOf({ entity: 'nodes' })).toEqual([{ field: 'certname' }])
    expect(await orderOf({ entity: 'reports' })).toEqual([{ field: 'hash' }])
    expect(await orderOf({ entity: 'facts' })).toEqual([{ field: 'certname' }, { field: 'name' }])
    expect(await orderOf({ entity: 'events' })).toEqual([{ field: 'report' }, { field: 'resource_type' }, { field: 'resource_title' }, { field: 'property' }])
  })

  it('adds the keys after a given order, once', async () => {
    expect(await orderOf({ entity: 'nodes' }, [{ field: 'latest_report_status', order: 'desc' }])).toEqual([
      { field: 'latest_report_status', order: 'desc' },
      { field: 'certname' },
    ])
    expect(await orderOf({ entity: 'nodes' }, [{ field: 'certname', order: 'desc' }])).toEqual([{ field: 'certname', order: 'desc' }])
  })

  it('orders a grouped extract by its group_by columns, an ungrouped aggregate not at all', async () => {
    expect(await orderOf({ entity: 'reports', query: reports.extract([fn('count'), 'status'], undefined, ['status']) })).toEqual([{ field: 'status' }])
    expect(await orderOf({ entity: 'reports', query: reports.extract([fn('count')]) })).toBeUndefined()
    expect(await orderOf({ entity: 'reports', query: reports.extract(['certname', 'status']) })).toEqual([{ field: 'hash' }])
  })

  it('a from query: its own order moves into the request with the keys added; its entity decides the keys', async () => {
    const transport = new FakeTransport(rowsOnDemand(1))
    const from = reports.from(reports.eq('status', 'failed'), { orderBy: [{ field: 'receive_time', order: 'desc' }] })
    for await (const page of paginate(transport, from, { pageSize: 10 })) void page
    expect(transport.body(0)).toEqual({
      query: ['from', 'reports', ['=', 'status', 'failed']],
      limit: 10,
      offset: 0,
      order_by: [{ field: 'receive_time', order: 'desc' }, { field: 'hash' }],
    })
    expect(await orderOf(nodes.from(nodes.extract('certname')))).toEqual([{ field: 'certname' }])
  })

  it('PQL: pages with the given order or the PQL own order by, as is', async () => {
    expect(await orderOf(pql('nodes[certname]{ latest_report_status = "failed" }'), [{ field: 'certname' }])).toEqual([{ field: 'certname' }])
    expect(await orderOf(pql('nodes[certname]{ order by certname }'))).toBeUndefined()
  })
})

describe('paginate: what cannot be paged is refused at the call', () => {
  const transport = new FakeTransport(rowsOnDemand(1))
  const cases: Array<[string, () => unknown, string, RegExp]> = [
    ['pageSize below 1', () => paginate(transport, { entity: 'nodes' }, { pageSize: 0 }), 'pageSize', /pageSize/],
    ['a fractional pageSize', () => paginate(transport, { entity: 'nodes' }, { pageSize: 1.5 }), 'pageSize', /pageSize/],
    ['limit as an option', () => paginate(transport, { entity: 'nodes' }, { pageSize: 5, limit: 5 } as never), 'limit', /limit/],
    ['a bad order', () => paginate(transport, { entity: 'nodes' }, { pageSize: 5, orderBy: [{ field: 'certname', order: 'up' as never }] }), 'orderBy[0].order', /order/],
    ['PQL without any order', () => paginate(transport, pql('nodes[certname]{ latest_report_status = "failed" }'), { pageSize: 5 }), 'orderBy', /order by/],
    ['PQL with its own limit', () => paginate(transport, pql('nodes[certname]{ facts { name = "os" } limit 5 }'), { pageSize: 5, orderBy: [{ field: 'certname' }] }), 'target', /remove them from the PQL/],
    ['PQL ordered twice', () => paginate(transport, pql('nodes[certname]{ order by certname }'), { pageSize: 5, orderBy: [{ field: 'certname' }] }), 'orderBy', /order by/],
    ['a from with its own offset', () => paginate(transport, nodes.from(undefined, { offset: 10 }), { pageSize: 5 }), 'target', /remove them from the from query/],
    ['a from ordered twice', () => paginate(transport, nodes.from(undefined, { orderBy: [{ field: 'certname' }] }), { pageSize: 5, orderBy: [{ field: 'certname' }] }), 'orderBy', /one place/],
  ]
  for (const [what, run, field, message] of cases) {
    it(`${what}: VALIDATION_ERROR naming ${field}`, () => {
      const error = thrownBy(run)
      expect(error.code).toBe('VALIDATION_ERROR')
      expect(error.details['field']).toBe(field)
      expect(error.message).toMatch(message)
    })
  }

  it('sends nothing for a refused call', () => {
    expect(transport.requests).toHaveLength(0)
  })

  it('a limit inside a PQL subquery is not the top-level paging and does not stop paging', async () => {
    const local = new FakeTransport(rowsOnDemand(1))
    const text = 'nodes[certname]{ certname in reports[certname]{ status = "failed" limit 5 } order by certname }'
    for await (const page of paginate(local, pql(text), { pageSize: 10 })) void page
    expect(local.body(0)).toEqual({ query: text, limit: 10, offset: 0 })
  })
})
