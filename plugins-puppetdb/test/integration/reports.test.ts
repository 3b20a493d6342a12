// Puppet reports against a real PuppetDB 7 loaded with the integration
// dataset: reports.list, reports.query (filters, paging, include) and
// reports.get through the host.
import type { Report, ReportQuery } from 'capstan'
import { describe, expect, it } from 'vitest'
import { eventsOf, reportOf } from './dataset/report.js'
import { dataset, datasetRuns, latestKind, plusMs, puppetdbCapstan, rejection, shortName, statusOf, withPuppetDb, type DatasetRun } from './support.js'

/** A run as `certname@startTime`, comparable between the dataset and a Report. */
const runKey = (certname: string, start: string) => `${certname}@${start}`
const reportKey = (report: Report) => runKey(report.certname, report.startTime)

/** The dataset's runs that `keep` selects, newest first (as PuppetDB orders them), as run keys. */
function expectedRuns(keep: (run: DatasetRun) => boolean): string[] {
  return datasetRuns(dataset())
    .filter(keep)
    .sort((a, b) => (a.start < b.start ? 1 : a.start > b.start ? -1 : 0))
    .map((run) => runKey(run.node.certname, run.start))
}

/** The summary fields a report of `run` has, whatever was included. */
function expectedSummary(run: DatasetRun) {
  return {
    certname: run.node.certname,
    status: statusOf(run.kind),
    noop: run.kind === 'noop',
    environment: run.node.environment,
    puppetVersion: '7.23.0',
    configurationVersion: String(Math.floor(Date.parse(run.start) / 1000)),
    producer: 'puppet.example.com',
    cachedCatalogStatus: 'not_used',
    startTime: run.start,
    endTime: plusMs(run.start, 20_000),
  }
}

function runOf(report: Report): DatasetRun {
  const run = datasetRuns(dataset()).find((r) => r.node.certname === report.certname && r.start === report.startTime)
  if (run === undefined) throw new Error(`no dataset run for ${reportKey(report)}`)
  return run
}

const newestFirst = (reports: readonly Report[]) => reports.every((report, i) => i === 0 || reports[i - 1]!.startTime >= report.startTime)

withPuppetDb.describe('reports from PuppetDB', () => {
  it('reports.list: the latest run of every active node, newest first, total = nodes with reports', async () => {
    await using capstan = await puppetdbCapstan()
    const { reports, total } = await capstan.reports.list({ limit: 1000 })
    const data = dataset()
    expect(total).toBe(data.nodes.length)
    expect(reports.map(reportKey)).toEqual(expectedRuns((run) => run.latest))
    expect(newestFirst(reports)).toBe(true)
    expect(reports.map((report) => report.certname)).not.toContain(data.deactivated)
    for (const report of reports) {
      const run = runOf(report)
      expect(report).toMatchObject(expectedSummary(run))
      expect(report.hash).toMatch(/^[0-9a-f]{40}$/)
      expect(report.transactionUuid).toBe(report.catalogUuid)
      expect(report.receivedAt! >= data.loadedAt).toBe(true)
      // Not asked for: left empty.
      expect(report.metrics).toEqual([])
      expect(report.logs).toEqual([])
      expect(report.resourceEvents).toEqual([])
      expect(report).not.toHaveProperty('times')
      expect(report).not.toHaveProperty('codeId')
    }
  })

  it('reports.list: the default page is the 20 newest, with the same total', async () => {
    await using capstan = await puppetdbCapstan()
    const { reports, total } = await capstan.reports.list()
    expect(total).toBe(dataset().nodes.length)
    expect(reports.map(reportKey)).toEqual(expectedRuns((run) => run.latest).slice(0, 20))
  })

  it('reports.list for one node, by certname or short hostname: its latest run only', async () => {
    await using capstan = await puppetdbCapstan()
    const node = dataset().nodes.find((n) => n.runs.length === 2)!
    const start = dataset().latestRunStart[node.certname]!
    for (const name of [node.certname, shortName(node.certname)]) {
      const { reports, total } = await capstan.reports.list({ node: name })
      expect(total).toBe(1)
      expect(reports.map(reportKey)).toEqual([runKey(node.certname, start)])
      expect(reports[0]!.status).toBe(statusOf(latestKind(node)))
    }
  })

  describe('reports.query filters', () => {
    const data = () => dataset()
    const cases: Array<[string, () => Omit<ReportQuery, 'limit' | 'offset'>, (run: DatasetRun) => boolean]> = [
      ['node (all its runs)', () => ({ node: data().nodes[3]!.certname }), (run) => run.node.index === 3],
      ['status changed', () => ({ status: 'changed' }), (run) => run.kind === 'changed'],
      ['status unchanged (noop runs included)', () => ({ status: 'unchanged' }), (run) => run.kind === 'unchanged' || run.kind === 'noop'],
      ['status failed', () => ({ status: 'failed' }), (run) => run.kind === 'failed'],
      ['noop true', () => ({ noop: true }), (run) => run.kind === 'noop'],
      ['noop false', () => ({ noop: false }), (run) => run.kind !== 'noop'],
      ['environment staging', () => ({ environment: 'staging' }), (run) => run.node.environment === 'staging'],
      ['since (inclusive)', () => ({ since: data().latestRunStart[data().nodes[40]!.certname]! }), (run) => run.start >= data().latestRunStart[data().nodes[40]!.certname]!],
      ['until (exclusive)', () => ({ until: data().latestRunStart[data().nodes[10]!.certname]! }), (run) => run.start < data().latestRunStart[data().nodes[10]!.certname]!],
      [
        'since and until: a window',
        () => ({ since: data().latestRunStart[data().nodes[20]!.certname]!, until: data().latestRunStart[data().nodes[30]!.certname]! }),
        (run) => run.start >= data().latestRunStart[data().nodes[20]!.certname]! && run.start < data().latestRunStart[data().nodes[30]!.certname]!,
      ],
      [
        'status unchanged, noop false, environment production',
        () => ({ status: 'unchanged', noop: false, environment: 'production' }),
        (run) => run.kind === 'unchanged' && run.node.environment === 'production',
      ],
      [
        'status failed since a time, in staging',
        () => ({ status: 'failed', environment: 'staging', since: data().latestRunStart[data().nodes[15]!.certname]! }),
        (run) => run.kind === 'failed' && run.node.environment === 'staging' && run.start >= data().latestRunStart[data().nodes[15]!.certname]!,
      ],
    ]
    it.each(cases)('%s', async (_name, filter, keep) => {
      await using capstan = await puppetdbCapstan()
      const expected = expectedRuns(keep)
      expect(expected.length).toBeGreaterThan(0)
      expect(expected.length).toBeLessThan(datasetRuns(dataset()).length)
      const { reports, total } = await capstan.reports.query({ ...filter(), limit: 1000 })
      expect(reports.map(reportKey)).toEqual(expected)
      expect(total).toBe(expected.length)
      for (const report of reports) expect(report).toMatchObject(expectedSummary(runOf(report)))
    })
  })

  it('limit/offset paging: pages do not overlap, together they are every report, the total never moves', async () => {
    await using capstan = await puppetdbCapstan()
    const expected = expectedRuns(() => true)
    const pages: Report[][] = []
    for (let offset = 0; ; offset += 7) {
      const { reports, total } = await capstan.reports.query({ limit: 7, offset })
      expect(total).toBe(expected.length)
      if (reports.length === 0) break
      expect(reports.length).toBeLessThanOrEqual(7)
      pages.push(reports)
    }
    expect(pages).toHaveLength(Math.ceil(expected.length / 7))
    const all = pages.flat()
    expect(new Set(all.map((report) => report.hash)).size).toBe(all.length)
    expect(all.map(reportKey)).toEqual(expected)
  })

  it('limit/offset paging with a filter: the pages of status unchanged add up to its total', async () => {
    await using capstan = await puppetdbCapstan()
    const expected = expectedRuns((run) => statusOf(run.kind) === 'unchanged')
    const seen: string[] = []
    for (let offset = 0; offset < expected.length; offset += 5) {
      const { reports, total } = await capstan.reports.query({ status: 'unchanged', limit: 5, offset })
      expect(total).toBe(expected.length)
      seen.push(...reports.map(reportKey))
    }
    expect(seen).toEqual(expected)
  })

  it('include: logs, metrics and events are filled when asked for, each on its own', async () => {
    await using capstan = await puppetdbCapstan()
    const filter = { status: 'failed' as const, limit: 5 }
    const full = await capstan.reports.query({ ...filter, include: ['logs', 'metrics', 'events'] })
    expect(full.reports).toHaveLength(5)
    for (const report of full.reports) {
      const run = runOf(report)
      const sent = reportOf(run.node, run.kind, new Date(run.start), 'unused') as {
        metrics: Array<{ category: string; name: string; value: number }>
        logs: Array<{ level: string; message: string; source: string; tags: string[]; time: string; file: string | null; line: number | null }>
      }
      const sortMetrics = (metrics: ReadonlyArray<{ category: string; name: string }>) => [...metrics].sort((a, b) => `${a.category}/${a.name}`.localeCompare(`${b.category}/${b.name}`))
      expect(sortMetrics(report.metrics)).toEqual(sortMetrics(sent.metrics))
      expect(report.times).toEqual({ config_retrieval: 1.25, total: 4.5 + (run.node.index % 5) })
      const expectedLogs = sent.logs.map(({ file, line, time, ...log }) => ({ ...log, time: new Date(time).toISOString(), ...(file === null ? {} : { file }), ...(line === null ? {} : { line }) }))
      const byMessage = (a: { message: string }, b: { message: string }) => a.message.localeCompare(b.message)
      expect([...report.logs].sort(byMessage)).toEqual(expectedLogs.sort(byMessage))
      expect(report.resourceEvents.map((event) => `${event.status} ${event.resourceType}[${event.resourceTitle}]`).sort()).toEqual(
        eventsOf(run.node, run.kind)
          .map((event) => `${event.status} ${event.resourceType}[${event.resourceTitle}]`)
          .sort(),
      )
      for (const event of report.resourceEvents) expect(event).toMatchObject({ certname: report.certname, reportHash: report.hash })
    }

    const bare = await capstan.reports.query(filter)
    expect(bare.reports.map((report) => report.hash)).toEqual(full.reports.map((report) => report.hash))
    for (const report of bare.reports) expect([report.logs, report.metrics, report.resourceEvents]).toEqual([[], [], []])

    const metricsOnly = await capstan.reports.query({ ...filter, include: ['metrics'] })
    for (const report of metricsOnly.reports) {
      expect(report.metrics).toHaveLength(10)
      expect(report.logs).toEqual([])
      expect(report.resourceEvents).toEqual([])
    }
    const eventsOnly = await capstan.reports.query({ ...filter, include: ['events'] })
    for (const report of eventsOnly.reports) {
      expect(report.resourceEvents.map((event) => event.status).sort()).toEqual(['failure', 'skipped'])
      expect(report.metrics).toEqual([])
      expect(report.logs).toEqual([])
    }
  })

  it('reports.get: a failed run with its logs, metrics and the failure and skipped events', async () => {
    await using capstan = await puppetdbCapstan()
    const node = dataset().nodes.find((n) => latestKind(n) === 'failed')!
    const hash = (await capstan.inventory.get(node.certname)).vars?.latestReportHash as string
    const { report } = await capstan.reports.get({ hash })
    const run = runOf(report)
    expect(run.node.certname).toBe(node.certname)
    expect(report).toMatchObject({ hash, ...expectedSummary(run), status: 'failed' })
    expect(report.metrics).toHaveLength(10)
    expect(report.logs).toHaveLength(eventsOf(node, 'failed').length + 1)
    expect(report.logs.find((log) => log.level === 'err')?.message).toContain('returned 100')
    const events = report.resourceEvents.map(({ status, resourceType, resourceTitle, property }) => ({ status, resourceType, resourceTitle, property }))
    expect(events.sort((a, b) => a.status.localeCompare(b.status))).toEqual(eventsOf(node, 'failed'))
    const skipped = report.resourceEvents.find((event) => event.status === 'skipped')!
    // PuppetDB 7 keeps a skipped resource as an event of its own: no property, no message (the agent's is dropped), the resource's time.
    expect(skipped).toMatchObject({ property: null, message: null, certname: node.certname, reportHash: hash, timestamp: plusMs(run.start, 5_000) })
    expect(skipped).not.toHaveProperty('oldValue')
  })

  it('reports.get: an older unchanged run has no events, a noop run its noop event', async () => {
    await using capstan = await puppetdbCapstan()
    const data = dataset()
    const twoRuns = data.nodes.find((n) => n.runs.length === 2)!
    const all = await capstan.reports.query({ node: twoRuns.certname })
    const older = all.reports.at(-1)!
    expect(older.startTime < data.latestRunStart[twoRuns.certname]!).toBe(true)
    const { report } = await capstan.reports.get({ hash: older.hash })
    expect(report).toMatchObject({ status: 'unchanged', noop: false, resourceEvents: [] })
    expect(report.metrics).toHaveLength(10)

    const noopNode = data.nodes.find((n) => latestKind(n) === 'noop')!
    const latest = await capstan.reports.list({ node: noopNode.certname })
    const noop = (await capstan.reports.get({ hash: latest.reports[0]!.hash })).report
    expect(noop).toMatchObject({ status: 'unchanged', noop: true })
    expect(noop.resourceEvents.map(({ status, resourceType, resourceTitle, property }) => ({ status, resourceType, resourceTitle, property }))).toEqual(eventsOf(noopNode, 'noop'))
  })

  it('reports.get: an unknown hash is NOT_FOUND', async () => {
    await using capstan = await puppetdbCapstan()
    const error = await rejection(capstan.reports.get({ hash: '0'.repeat(40) }), 'NOT_FOUND')
    expect(error.message).toContain('0'.repeat(40))
  })
})
