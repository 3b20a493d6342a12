// The plugin's query layer against a real PuppetDB 7 loaded with the
// integration dataset: AST queries built with `q`, `from` and PQL sent as
// they are, `paginate`, and PuppetDB's own errors.
import { expect, it } from 'vitest'
import { fact, fn, nodeActive, pql, q } from '../../src/index.js'
import { factsOf, operatingSystems } from './dataset/facts.js'
import type { DatasetNode } from './dataset/dataset-node.js'
import { byCodePoint, certnames, dataset, datasetRuns, latestKind, puppetdbCapstan, rejection, requestsSince, statusOf, withPuppetDb } from './support.js'

const nodes = q('nodes')
const inventory = q('inventory')
const reports = q('reports')
const facts = q('facts')

/** Certnames of the rows, sorted. */
const names = (rows: ReadonlyArray<{ certname: string }>) => rows.map((row) => row.certname).sort(byCodePoint)

/** Dataset nodes `keep` selects, sorted certnames; never all or none, so the query had to discriminate. */
function expectedNames(keep: (node: DatasetNode) => boolean): string[] {
  const selected = certnames(dataset().nodes.filter(keep))
  expect(selected.length).toBeGreaterThan(0)
  expect(selected.length).toBeLessThan(dataset().nodes.length)
  return selected
}

withPuppetDb.describe('query layer: AST, from and PQL against PuppetDB', () => {
  it('and / not / = on nodes', async () => {
    await using capstan = await puppetdbCapstan()
    const query = nodes.extract('certname', nodes.and(nodes.eq('latest_report_status', 'failed'), nodes.not(nodes.eq('catalog_environment', 'staging'))))
    const { rows } = await capstan.puppetdb.query<{ certname: string }>({ entity: 'nodes', query })
    expect(names(rows)).toEqual(expectedNames((node) => latestKind(node) === 'failed' && node.environment !== 'staging'))
    // extract: only the asked-for column.
    for (const row of rows) expect(Object.keys(row)).toEqual(['certname'])
  })

  it('or and ~ (regex) on certnames', async () => {
    await using capstan = await puppetdbCapstan()
    const query = nodes.extract('certname', nodes.or(nodes.match('certname', '^db'), nodes.match('certname', '\\.ams2\\.')))
    const { rows } = await capstan.puppetdb.query<{ certname: string }>({ entity: 'nodes', query })
    expect(names(rows)).toEqual(expectedNames((node) => node.role === 'db' || node.datacenter === 'ams2'))
  })

  it('in on a column, and on a dotted fact path (built as an or)', async () => {
    await using capstan = await puppetdbCapstan()
    const data = dataset()
    const picked = [data.nodes[2]!.certname, data.nodes[9]!.certname]
    const byName = await capstan.puppetdb.query<{ certname: string }>({ entity: 'nodes', query: nodes.extract('certname', nodes.in('certname', [...picked, 'nosuchnode.example.com'])) })
    expect(names(byName.rows)).toEqual(picked.sort(byCodePoint))

    const byOs = await capstan.puppetdb.query<{ certname: string; 'facts.os.name': string }>({
      entity: 'inventory',
      query: inventory.extract(['certname', 'facts.os.name'], inventory.in('facts.os.name', ['Rocky', 'SLES'])),
    })
    expect(names(byOs.rows)).toEqual(expectedNames((node) => ['Rocky', 'SLES'].includes(operatingSystems[node.os]!.name)))
    for (const row of byOs.rows) expect(['Rocky', 'SLES']).toContain(row['facts.os.name'])
  })

  it('a fact of nodes: ["fact", "role"] sees only the top-level role fact', async () => {
    await using capstan = await puppetdbCapstan()
    const { rows } = await capstan.puppetdb.query<{ certname: string }>({ entity: 'nodes', query: nodes.extract('certname', nodes.eq(fact('role'), 'db')) })
    expect(names(rows)).toEqual(expectedNames((node) => node.role === 'db' && node.topLevelRole))
  })

  it('implicit subquery: nodes whose facts say role = cache', async () => {
    await using capstan = await puppetdbCapstan()
    const query = nodes.extract('certname', nodes.subquery('facts', facts.and(facts.eq('name', 'role'), facts.eq('value', 'cache'))))
    const { rows } = await capstan.puppetdb.query<{ certname: string }>({ entity: 'nodes', query })
    expect(names(rows)).toEqual(expectedNames((node) => node.role === 'cache' && node.topLevelRole))
  })

  it('explicit subquery (in + extract + select): nodes that have a noop report', async () => {
    await using capstan = await puppetdbCapstan()
    const query = nodes.extract('certname', nodes.inQuery('certname', reports.extract('certname', reports.select(reports.eq('noop', true)))))
    const { rows } = await capstan.puppetdb.query<{ certname: string }>({ entity: 'nodes', query })
    expect(names(rows)).toEqual(expectedNames((node) => node.runs.includes('noop')))
  })

  it('extract with count() and group_by: latest runs per status', async () => {
    await using capstan = await puppetdbCapstan()
    const { rows } = await capstan.puppetdb.query<{ status: string; count: number }>({
      entity: 'reports',
      query: reports.extract([fn('count'), 'status'], reports.eq('latest_report?', true), ['status']),
    })
    const expected: Record<string, number> = {}
    for (const node of dataset().nodes) expected[statusOf(latestKind(node))] = (expected[statusOf(latestKind(node))] ?? 0) + 1
    expect(Object.fromEntries(rows.map((row) => [row.status, row.count]))).toEqual(expected)
  })

  it('time comparisons (>=, <) on reports, ordered by start time, with limit, offset and the total', async () => {
    await using capstan = await puppetdbCapstan()
    const data = dataset()
    const from = data.latestRunStart[data.nodes[10]!.certname]!
    const to = data.latestRunStart[data.nodes[50]!.certname]!
    const { rows, total } = await capstan.puppetdb.query<{ certname: string; start_time: string }>(
      { entity: 'reports', query: reports.extract(['certname', 'start_time'], reports.and(reports.gte('start_time', from), reports.lt('start_time', to))) },
      { orderBy: [{ field: 'start_time', order: 'asc' }], limit: 5, offset: 5, includeTotal: true },
    )
    const inWindow = datasetRuns(data)
      .filter((run) => run.start >= from && run.start < to)
      .sort((a, b) => (a.start < b.start ? -1 : 1))
    expect(total).toBe(inWindow.length)
    expect(rows.map((row) => row.certname)).toEqual(inWindow.slice(5, 10).map((run) => run.node.certname))
  })

  it('nodeActive: a deactivated node’s facts are only there when asked for', async () => {
    await using capstan = await puppetdbCapstan()
    const data = dataset()
    const retired = factsOf({ ...data.nodes[0]!, certname: data.deactivated })
    const inactive = await capstan.puppetdb.query<{ certname: string; name: string }>({ entity: 'facts', query: facts.eq(nodeActive, false) })
    expect(new Set(inactive.rows.map((row) => row.certname))).toEqual(new Set([data.deactivated]))
    expect(inactive.rows.map((row) => row.name).sort()).toEqual(Object.keys(retired).sort())
    const byDefault = await capstan.puppetdb.query({ entity: 'facts', query: facts.eq('certname', data.deactivated) })
    expect(byDefault.rows).toEqual([])
  })

  it('a from query with its own order_by and limit, sent to the root endpoint', async () => {
    await using capstan = await puppetdbCapstan()
    const mark = capstan.logger.records.length
    const { rows } = await capstan.puppetdb.query<{ certname: string }>(
      nodes.from(nodes.extract('certname', nodes.eq('latest_report_status', 'failed')), { orderBy: [{ field: 'certname', order: 'desc' }], limit: 3 }),
    )
    const failed = expectedNames((node) => latestKind(node) === 'failed')
    expect(rows.map((row) => row.certname)).toEqual([...failed].reverse().slice(0, 3))
    expect(requestsSince(capstan.logger, mark).map((request) => request.path)).toEqual(['/pdb/query/v4'])
  })

  it('PQL passes through as written', async () => {
    await using capstan = await puppetdbCapstan()
    const redhat = await capstan.puppetdb.query<{ certname: string }>(pql('inventory[certname] { facts.os.family = "RedHat" order by certname }'))
    expect(redhat.rows.map((row) => row.certname)).toEqual(expectedNames((node) => operatingSystems[node.os]!.family === 'RedHat'))

    const noopProduction = await capstan.puppetdb.query<{ certname: string }>(pql('nodes[certname] { latest_report_noop = true and catalog_environment = "production" }'))
    expect(names(noopProduction.rows)).toEqual(expectedNames((node) => latestKind(node) === 'noop' && node.environment === 'production'))

    const counted = await capstan.puppetdb.query<{ count: number }>(pql('reports[count()] { latest_report? = false }'))
    expect(counted.rows).toEqual([{ count: datasetRuns(dataset()).filter((run) => !run.latest).length }])
  })

  it('PQL with paging options from the request: limit, offset and the total', async () => {
    await using capstan = await puppetdbCapstan()
    const all = expectedNames((node) => node.environment === 'production')
    const { rows, total } = await capstan.puppetdb.query<{ certname: string }>(pql('nodes[certname] { catalog_environment = "production" }'), {
      orderBy: [{ field: 'certname' }],
      limit: 4,
      offset: 8,
      includeTotal: true,
    })
    expect(total).toBe(all.length)
    expect(rows.map((row) => row.certname)).toEqual(all.slice(8, 12))
  })
})

withPuppetDb.describe('paginate against PuppetDB', () => {
  it('every fact of every active node, each row once, count = total, one request per page as consumed', { timeout: 60_000 }, async () => {
    await using capstan = await puppetdbCapstan()
    const data = dataset()
    const expectedTotal = data.nodes.reduce((sum, node) => sum + Object.keys(factsOf(node)).length, 0)
    const pageSize = 97
    const mark = capstan.logger.records.length
    const requests = () => requestsSince(capstan.logger, mark).filter((request) => request.path === '/pdb/query/v4/facts').length
    const seen = new Set<string>()
    let rows = 0
    let pages = 0
    for await (const page of capstan.puppetdb.paginate<{ certname: string; name: string }>({ entity: 'facts' }, { pageSize, includeTotal: true })) {
      pages++
      // Lazily: the next page is only asked for when the consumer wants it.
      expect(requests()).toBe(pages)
      expect(page.total).toBe(expectedTotal)
      expect(page.offset).toBe(rows)
      expect(page.rows.length).toBeLessThanOrEqual(pageSize)
      for (const row of page.rows) seen.add(`${row.certname} ${row.name}`)
      rows += page.rows.length
    }
    expect(rows).toBe(expectedTotal)
    expect(seen.size).toBe(expectedTotal)
    expect(pages).toBe(Math.ceil(expectedTotal / pageSize))
    // A full last page costs one more (empty, not yielded) request.
    expect(requests()).toBe(Math.floor(expectedTotal / pageSize) + 1)
    expect([...seen].some((key) => key.startsWith(`${data.deactivated} `))).toBe(false)
    expect(seen.has(`${data.nodes[0]!.certname} trusted`)).toBe(true)
  })

  it('break after the first page sends no further request', async () => {
    await using capstan = await puppetdbCapstan()
    const mark = capstan.logger.records.length
    for await (const page of capstan.puppetdb.paginate({ entity: 'facts' }, { pageSize: 10 })) {
      expect(page.rows).toHaveLength(10)
      break
    }
    expect(requestsSince(capstan.logger, mark).filter((request) => request.path === '/pdb/query/v4/facts')).toHaveLength(1)
  })

  it("pageSize given as undefined is the plugin's pageSize, not none", async () => {
    await using capstan = await puppetdbCapstan({ pageSize: 7 })
    for await (const page of capstan.puppetdb.paginate({ entity: 'facts' }, { pageSize: undefined, includeTotal: undefined, signal: undefined })) {
      expect(page.rows).toHaveLength(7)
      break
    }
  })

  it('a filtered walk of inventory with a small page size yields the matching nodes in certname order', async () => {
    await using capstan = await puppetdbCapstan()
    const walked: string[] = []
    for await (const page of capstan.puppetdb.paginate<{ certname: string }>(
      { entity: 'inventory', query: inventory.extract(['certname'], inventory.eq('facts.os.family', 'Debian')) },
      { pageSize: 4 },
    )) {
      walked.push(...page.rows.map((row) => row.certname))
    }
    expect(walked).toEqual(expectedNames((node) => operatingSystems[node.os]!.family === 'Debian'))
  })
})

withPuppetDb.describe('PuppetDB’s errors as VALIDATION_ERROR', () => {
  it('bad PQL: the message carries PuppetDB’s parse error', async () => {
    await using capstan = await puppetdbCapstan()
    const error = await rejection(capstan.puppetdb.query(pql('nodes[certname] { latest_report_status = }')), 'VALIDATION_ERROR')
    expect(error.message).toContain('PQL parse error')
    expect(error.details).toMatchObject({ status: 400 })
  })

  it('a field the entity does not have: the message carries PuppetDB’s text', async () => {
    await using capstan = await puppetdbCapstan()
    const error = await rejection(capstan.puppetdb.query({ entity: 'nodes', query: ['=', 'no_such_field', 'x'] as never }), 'VALIDATION_ERROR')
    expect(error.message).toContain("'no_such_field' is not a queryable object")
    expect(error.message).toContain('latest_report_status')
  })

  it('the same error surfaces from paginate, on the first page', async () => {
    await using capstan = await puppetdbCapstan()
    const walk = async () => {
      for await (const _page of capstan.puppetdb.paginate({ entity: 'reports', query: ['=', 'bogus', 1] as never }, { pageSize: 5 })) {
        throw new Error('no page expected')
      }
    }
    const error = await rejection(walk(), 'VALIDATION_ERROR')
    expect(error.message).toContain("'bogus' is not a queryable object")
  })
})
