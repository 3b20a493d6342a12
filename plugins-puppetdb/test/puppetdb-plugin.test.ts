// The plugin's handlers end to end, without PuppetDB: a local HTTP server answers
// from recorded PuppetDB 7.12 exchanges, and a test Capstan (outputs checked
// against the capability schemas) calls every capability.
import { isCapstanError, type ResourceEvent } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventKey } from '../src/events/event-key.js'
import { puppetdbPlugin } from '../src/index.js'
import { deriveGroups } from '../src/inventory/derive-groups.js'
import { startRecordedPuppetDb, type RecordedPuppetDb } from './support/recorded-puppetdb.js'

const TOKEN = 'rbac-token-5e1f0c'
const PAGE_SIZE = 7

let pdb: RecordedPuppetDb
let capstan: Awaited<ReturnType<typeof createTestCapstan>>

beforeAll(async () => {
  pdb = await startRecordedPuppetDb()
  capstan = await createTestCapstan({ plugins: [puppetdbPlugin({ url: pdb.url, token: TOKEN, pageSize: PAGE_SIZE, retry: false })] })
})

afterAll(async () => {
  await capstan?.close()
  await pdb?.close()
})

const certnames = () => pdb.data.nodes.map((row) => String(row['certname'])).sort()
const queriesOf = (entity: string) => pdb.queries.filter((query) => query.entity === entity)
const inventoryRow = (certname: string) => pdb.data.inventory.find((row) => row['certname'] === certname)!

describe('puppetdbPlugin against recorded PuppetDB answers: start and health', () => {
  it('asks PuppetDB its version when the host starts it, then serves every capability it declares', () => {
    expect(pdb.server.requests[0]).toMatchObject({ method: 'GET', url: '/pdb/meta/v1/version' })
    const declared = ['inventory.list', 'inventory.get', 'inventory.groups', 'inventory.filter', 'info.facts', 'info.refresh', 'reports.list', 'reports.get', 'reports.query', 'events.list', 'events.query', 'events.stream']
    for (const id of declared) {
      const info = capstan.capabilities().find((capability) => capability.id === id)
      expect(info?.providers.map((provider) => provider.plugin), id).toContain('puppetdb')
    }
  })

  it('is healthy with the recorded status, naming the version', async () => {
    const health = await capstan.health({ refresh: true })
    expect(health.plugins['puppetdb']).toMatchObject({ status: 'healthy', details: { version: '7.12.1', state: 'running' } })
    expect(health.plugins['puppetdb']?.message).toContain('PuppetDB 7.12.1')
  })
})

describe('puppetdbPlugin against recorded PuppetDB answers: inventory', () => {
  it('inventory.list returns every recorded node, read page by page', async () => {
    const { nodes } = await capstan.inventory.list({ refresh: true })
    expect(nodes).toHaveLength(50)
    expect(nodes.map((node) => node.id).sort()).toEqual(certnames())
    // 50 nodes in pages of 7: eight requests, the last one short.
    const nodePages = queriesOf('nodes').filter((query) => query.body.query === undefined)
    expect(nodePages.map((query) => query.body.offset).slice(0, 8)).toEqual([0, 7, 14, 21, 28, 35, 42, 49])
    expect(nodePages.every((query) => query.body.limit === PAGE_SIZE)).toBe(true)
  })

  it('maps a node with its projected facts, groups, short name and last run', async () => {
    const { nodes } = await capstan.inventory.list()
    const node = nodes.find((candidate) => candidate.id === 'node001.db.example.com')!
    const row = inventoryRow('node001.db.example.com')
    expect(node.aliases).toContain('node001')
    expect(node.sources).toEqual(['puppetdb'])
    expect(node.facts).toMatchObject({ os: { family: 'Debian', name: 'Debian', release: { major: '11' } }, kernel: 'Linux', networking: { ip: '10.10.1.17' } })
    expect([...node.groups].sort()).toEqual(deriveGroups({ ...(row['facts'] as object), environment: row['environment'] }).sort())
    expect(node.groups).toEqual(expect.arrayContaining(['production', 'db']))
    expect(node.vars).toMatchObject({ environment: 'production', latestReportStatus: 'changed', latestReportHash: 'e8138d7b2f7f992c43e6ea67495879e98691a71e' })
    // Only the configured facts are attached, not the whole factset.
    expect(node.facts).not.toHaveProperty('processors')
  })

  it('inventory.groups derives the groups from environment and role', async () => {
    const { groups } = await capstan.inventory.groups({ refresh: true })
    const members = (name: string) => [...(groups.find((group) => group.name === name)?.nodes ?? [])].sort()
    expect(members('production')).toEqual(certnames())
    expect(members('db')).toEqual(['node001.db.example.com'])
  })

  it('inventory.filter pushes the filter down and returns the matching nodes', async () => {
    const before = pdb.queries.length
    const { nodes } = await capstan.inventory.filter({ facts: { 'os.family': 'Debian' }, groups: ['production'] }, { refresh: true })
    expect(nodes.map((node) => node.id).sort()).toEqual(pdb.data.inventory.map((row) => String(row['certname'])).sort())
    // PuppetDB was asked for the matching nodes only, on both walks.
    const asked = pdb.queries.slice(before)
    const nodesQuery = asked.find((query) => query.entity === 'nodes')?.body.query as unknown[]
    expect(nodesQuery?.[0]).toBe('in')
    expect(JSON.stringify(nodesQuery)).toContain('"facts.os.family"')
    const projection = asked.find((query) => query.entity === 'inventory')?.body.query as unknown[]
    expect(projection?.[0]).toBe('extract')
    expect(projection).toHaveLength(3)
  })

  it('inventory.filter by a group from a fact', async () => {
    const { nodes } = await capstan.inventory.filter({ groups: ['db'] }, { refresh: true })
    expect(nodes.map((node) => node.id)).toEqual(['node001.db.example.com'])
  })

  it('inventory.get finds a node by its short name', async () => {
    const node = await capstan.inventory.get('node001')
    expect(node.id).toBe('node001.db.example.com')
  })
})

describe('puppetdbPlugin against recorded PuppetDB answers: facts', () => {
  it('info.facts reads the node\'s whole inventory row', async () => {
    const facts = await capstan.facts.get('node001.db.example.com', { refresh: true })
    expect(facts).toMatchObject({ node: 'node001.db.example.com', source: 'puppetdb' })
    expect(facts.facts).toMatchObject({ os: { family: 'Debian' }, processors: { count: 2 }, trusted: { extensions: { pp_role: 'db' } } })
    expect(facts.gatheredAt).toBe('2026-11-24T19:34:32.586Z')
  })

  it('info.facts is NOT_FOUND for a node PuppetDB has no facts of', async () => {
    const error = await capstan.facts.get('nonexistent.example.com', { refresh: true }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(isCapstanError(error, 'NOT_FOUND')).toBe(true)
  })
})

describe('puppetdbPlugin against recorded PuppetDB answers: reports', () => {
  const hash = 'f5520e10b4b8ee5fb2596a4f0e0c7f4e4835e607'

  it('reports.list returns the latest reports, summaries only, with the total', async () => {
    const { reports, total } = await capstan.reports.list({})
    expect(total).toBe(pdb.data.reports.length)
    expect(reports.map((report) => report.hash).sort()).toEqual(pdb.data.reports.map((row) => String(row['hash'])).sort())
    for (const report of reports) expect({ logs: report.logs, metrics: report.metrics, events: report.resourceEvents }).toEqual({ logs: [], metrics: [], events: [] })
    const query = queriesOf('reports').at(-1)?.body.query as unknown[]
    expect(query[0]).toBe('extract')
    expect(query[1]).not.toContain('logs')
    expect(query[2]).toEqual(['=', 'latest_report?', true])
  })

  it('reports.query filters and fills in the parts asked for', async () => {
    const { reports, total } = await capstan.reports.query({ node: 'node008.worker.example.com', status: 'failed', include: ['logs', 'metrics'] })
    expect(total).toBe(1)
    expect(reports).toHaveLength(1)
    const [report] = reports
    expect(report).toMatchObject({ hash, certname: 'node008.worker.example.com', status: 'failed', noop: false, environment: 'production', puppetVersion: '7.23.0' })
    expect(report?.logs.length).toBeGreaterThan(0)
    expect(report?.metrics.length).toBeGreaterThan(0)
    expect(report?.resourceEvents).toEqual([])
  })

  it('reports.get maps the logs, metrics and resource events of the recorded report', async () => {
    const row = pdb.data.reports.find((candidate) => candidate['hash'] === hash)!
    const data = (part: string) => (row[part] as { data: Array<Record<string, unknown>> }).data
    const { report } = await capstan.reports.get({ hash })
    expect(report.hash).toBe(hash)
    expect(report.logs).toHaveLength(data('logs').length)
    expect(report.logs[0]).toMatchObject({ level: data('logs')[0]!['level'], message: data('logs')[0]!['message'] })
    expect(report.metrics).toEqual(data('metrics').map(({ category, name, value }) => ({ category, name, value })))
    expect(report.times).toBeDefined()
    expect(report.resourceEvents).toHaveLength(data('resource_events').length)
    expect(report.resourceEvents.every((event) => event.reportHash === hash && event.certname === 'node008.worker.example.com')).toBe(true)
    expect(report.receivedAt).toBe('2026-11-24T19:34:33.527Z')
  })

  it('reports.get answers a report it read before from its cache', async () => {
    await capstan.reports.get({ hash })
    const before = queriesOf('reports').length
    expect((await capstan.reports.get({ hash })).report.hash).toBe(hash)
    expect(queriesOf('reports')).toHaveLength(before)
  })

  it('reports.get is NOT_FOUND for a hash PuppetDB does not have', async () => {
    const error = await capstan.reports.get({ hash: '0000000000000000000000000000000000000000' }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(isCapstanError(error, 'NOT_FOUND')).toBe(true)
  })
})

describe('puppetdbPlugin against recorded PuppetDB answers: events', () => {
  it('events.query maps the recorded failures', async () => {
    const { events, total } = await capstan.events.query({ status: 'failure' })
    const recorded = pdb.data.events.filter((row) => row['status'] === 'failure')
    expect(total).toBe(recorded.length)
    expect(events.map((event) => event.reportHash).sort()).toEqual(recorded.map((row) => String(row['report'])).sort())
    expect(events[0]).toMatchObject({ resourceType: 'Package', resourceTitle: 'sidekiq', property: 'ensure', status: 'failure', oldValue: 'absent', newValue: 'present' })
    expect(events[0]?.timestamp).toBe('2026-11-24T19:34:18.000Z')
  })

  it('events.list returns the latest events of one node', async () => {
    const { events } = await capstan.events.list({ node: 'node008.worker.example.com' })
    expect(events.length).toBeGreaterThan(0)
    expect(events.every((event) => event.certname === 'node008.worker.example.com')).toBe(true)
    expect(queriesOf('events').at(-1)?.body.query).toEqual(['and', ['=', 'latest_report?', true], ['=', 'certname', 'node008.worker.example.com']])
  })

  it('events.stream yields each recorded event once, polling from since', async () => {
    const controller = new AbortController()
    const stop = setTimeout(() => controller.abort(), 1500)
    const seen: ResourceEvent[] = []
    try {
      for await (const event of capstan.events.stream({ since: '2026-11-24T19:00:00.000Z', pollIntervalMs: 100 }, { signal: controller.signal })) {
        seen.push(event)
        // Once all are in, give it a few more polls to show nothing comes twice.
        if (seen.length === pdb.data.events.length) setTimeout(() => controller.abort(), 350)
      }
    } finally {
      clearTimeout(stop)
    }
    expect(seen).toHaveLength(pdb.data.events.length)
    expect(new Set(seen.map((event) => eventKey(event))).size).toBe(seen.length)
    const polls = queriesOf('events').filter((query) => JSON.stringify(query.body.query).includes('report_receive_time'))
    expect(polls.length).toBeGreaterThanOrEqual(3)
    expect(polls[0]?.body.query).toEqual(['>=', 'report_receive_time', '2026-11-24T19:00:00.000Z'])
  })
})

describe('puppetdbPlugin against recorded PuppetDB answers: token, logs and metrics', () => {
  it('sends the token with every request and never logs it', () => {
    expect(pdb.server.requests.length).toBeGreaterThan(10)
    for (const request of pdb.server.requests) expect(request.headers['x-authentication']).toBe(TOKEN)
    expect(capstan.logger.text()).not.toContain(TOKEN)
  })

  it('logs each request at debug with its path and query, under the plugin\'s name', () => {
    const logged = capstan.logger.records.filter((record) => record.msg === 'puppetdb request')
    expect(logged.length).toBeGreaterThanOrEqual(pdb.server.requests.length)
    expect(logged.every((record) => record.level === 'debug' && record.bindings['plugin'] === 'puppetdb')).toBe(true)
    expect(logged.map((record) => (record.obj as { path: string }).path)).toContain('/pdb/query/v4/inventory')
  })

  it('times requests as puppetdb.request by plugin, path and outcome', () => {
    const { observations } = capstan.metrics()
    expect(observations['puppetdb.request{outcome=ok,path=/pdb/query/v4/nodes,plugin=puppetdb}']?.count).toBeGreaterThanOrEqual(8)
    expect(observations['puppetdb.request{outcome=ok,path=/pdb/meta/v1/version,plugin=puppetdb}']?.count).toBe(1)
  })
})
