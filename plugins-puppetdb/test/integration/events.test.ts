// Resource events against a real PuppetDB 7 loaded with the integration
// dataset: events.list (latest runs) and events.query (every run) through the
// host, with filters, time ranges and paging.
import type { EventQuery, ResourceEvent } from 'capstan'
import { describe, expect, it } from 'vitest'
import type { ExpectedEvent } from './dataset/report.js'
import { dataset, datasetEvents, datasetRuns, latestKind, plusMs, puppetdbCapstan, shortName, withPuppetDb, type DatasetRun } from './support.js'

type DatasetEvent = ExpectedEvent & { certname: string; run: DatasetRun }

/** One event, comparable between the dataset and a ResourceEvent. */
function eventKey(event: { certname?: string; status: string; resourceType: string; resourceTitle: string; property: string | null }, timestamp: string): string {
  return `${event.certname} ${timestamp} ${event.status} ${event.resourceType}[${event.resourceTitle}] ${event.property ?? '-'}`
}

/** When PuppetDB says the event happened: the event's own time, but the resource's (a second earlier) for a skipped one. */
function timeOf(event: DatasetEvent): string {
  return plusMs(event.run.start, event.status === 'skipped' ? 5_000 : 6_000)
}

/** Every event the dataset stored that `keep` selects, as sorted keys. */
function expectedEvents(keep: (event: DatasetEvent) => boolean): string[] {
  return datasetEvents(datasetRuns(dataset()))
    .filter(keep)
    .map((event) => eventKey(event, timeOf(event)))
    .sort()
}

const keysOf = (events: readonly ResourceEvent[]) => events.map((event) => eventKey(event, event.timestamp)).sort()
const newestFirst = (events: readonly ResourceEvent[]) => events.every((event, i) => i === 0 || events[i - 1]!.timestamp >= event.timestamp)

withPuppetDb.describe('resource events from PuppetDB', () => {
  it('events.list: the events of every node’s latest run, newest first, with the right statuses', async () => {
    await using capstan = await puppetdbCapstan()
    const { events, total } = await capstan.events.list({ limit: 10_000 })
    const expected = expectedEvents((event) => event.run.latest)
    expect(total).toBe(expected.length)
    expect(keysOf(events)).toEqual(expected)
    expect(newestFirst(events)).toBe(true)
    const counts = (statuses: readonly string[]) => Object.fromEntries(['success', 'failure', 'noop', 'skipped'].map((s) => [s, statuses.filter((t) => t === s).length]))
    const latestEvents = datasetEvents(datasetRuns(dataset()).filter((run) => run.latest))
    expect(counts(events.map((event) => event.status))).toEqual(counts(latestEvents.map((event) => event.status)))
    for (const event of events) {
      expect(event.reportHash).toMatch(/^[0-9a-f]{40}$/)
      expect(event.containmentPath?.[0]).toBe('Stage[main]')
      expect(event.containingClass).toMatch(/^Profile::/)
    }
  })

  it('events.list: the default page is the 100 newest of the same total', async () => {
    await using capstan = await puppetdbCapstan()
    const all = await capstan.events.list({ limit: 10_000 })
    const page = await capstan.events.list()
    expect(page.total).toBe(all.total)
    expect(page.events).toEqual(all.events.slice(0, 100))
  })

  it('events.list for one node (by short hostname): its latest run’s events', async () => {
    await using capstan = await puppetdbCapstan()
    const node = dataset().nodes.find((n) => latestKind(n) === 'changed')!
    const { events, total } = await capstan.events.list({ node: shortName(node.certname) })
    const expected = expectedEvents((event) => event.run.latest && event.certname === node.certname)
    expect(expected).toHaveLength(2)
    expect(total).toBe(2)
    expect(keysOf(events)).toEqual(expected)
  })

  describe('events.query filters (every run)', () => {
    const data = () => dataset()
    const start = (index: number) => data().latestRunStart[data().nodes[index]!.certname]!
    const cases: Array<[string, () => Omit<EventQuery, 'limit' | 'offset'>, (event: DatasetEvent) => boolean]> = [
      ['status success', () => ({ status: 'success' }), (event) => event.status === 'success'],
      ['status failure', () => ({ status: 'failure' }), (event) => event.status === 'failure'],
      ['status noop', () => ({ status: 'noop' }), (event) => event.status === 'noop'],
      ['status skipped', () => ({ status: 'skipped' }), (event) => event.status === 'skipped'],
      ['resourceType Package', () => ({ resourceType: 'Package' }), (event) => event.resourceType === 'Package'],
      ['resourceTitle /etc/motd', () => ({ resourceTitle: '/etc/motd' }), (event) => event.resourceTitle === '/etc/motd'],
      ['resourceType and resourceTitle: Service[nginx]', () => ({ resourceType: 'Service', resourceTitle: 'nginx' }), (event) => event.resourceType === 'Service' && event.resourceTitle === 'nginx'],
      ['node and status', () => ({ node: data().nodes.find((n) => latestKind(n) === 'failed')!.certname, status: 'skipped' }), (event) => event.certname === data().nodes.find((n) => latestKind(n) === 'failed')!.certname && event.status === 'skipped'],
      ['since (inclusive)', () => ({ since: start(30) }), (event) => timeOf(event) >= start(30)],
      ['until (exclusive)', () => ({ until: plusMs(start(30), 6_000) }), (event) => timeOf(event) < plusMs(start(30), 6_000)],
      ['since, until and status: a window of failures', () => ({ since: start(10), until: start(40), status: 'failure' }), (event) => event.status === 'failure' && timeOf(event) >= start(10) && timeOf(event) < start(40)],
    ]
    it.each(cases)('%s', async (_name, filter, keep) => {
      await using capstan = await puppetdbCapstan()
      const expected = expectedEvents(keep)
      expect(expected.length).toBeGreaterThan(0)
      expect(expected.length).toBeLessThan(expectedEvents(() => true).length)
      const { events, total } = await capstan.events.query({ ...filter(), limit: 10_000 })
      expect(keysOf(events)).toEqual(expected)
      expect(total).toBe(expected.length)
      expect(newestFirst(events)).toBe(true)
    })
  })

  it('events.query by report hash: exactly that run’s events', async () => {
    await using capstan = await puppetdbCapstan()
    const node = dataset().nodes.find((n) => latestKind(n) === 'failed')!
    const hash = (await capstan.reports.list({ node: node.certname })).reports[0]!.hash
    const { events, total } = await capstan.events.query({ report: hash })
    expect(total).toBe(2)
    expect(keysOf(events)).toEqual(expectedEvents((event) => event.run.latest && event.certname === node.certname))
    for (const event of events) expect(event.reportHash).toBe(hash)
    const skipped = events.find((event) => event.status === 'skipped')!
    expect(skipped).toMatchObject({ property: null, message: null })
    const failure = events.find((event) => event.status === 'failure')!
    expect(failure).toMatchObject({ property: 'ensure', oldValue: 'stopped', newValue: 'running', line: 6 })
    expect(failure.message).toContain('returned 100')
  })

  it('events of all runs: older runs (unchanged) add none, so every run’s events are the latest runs’ events', async () => {
    await using capstan = await puppetdbCapstan()
    const all = await capstan.events.query({ limit: 10_000 })
    const latest = await capstan.events.list({ limit: 10_000 })
    const expected = expectedEvents(() => true)
    expect(all.total).toBe(expected.length)
    expect(keysOf(all.events)).toEqual(expected)
    expect(datasetRuns(dataset()).some((run) => !run.latest)).toBe(true)
    expect(keysOf(latest.events)).toEqual(expected)
  })

  it('limit/offset paging: pages do not overlap, together they are every event, the total never moves', async () => {
    await using capstan = await puppetdbCapstan()
    const expected = expectedEvents(() => true)
    const seen: ResourceEvent[] = []
    let requests = 0
    for (let offset = 0; ; offset += 9) {
      const { events, total } = await capstan.events.query({ limit: 9, offset })
      requests++
      expect(total).toBe(expected.length)
      if (events.length === 0) break
      expect(events.length).toBeLessThanOrEqual(9)
      seen.push(...events)
    }
    expect(requests).toBe(Math.ceil(expected.length / 9) + 1)
    expect(new Set(seen.map((event) => `${event.reportHash} ${event.resourceType}[${event.resourceTitle}] ${event.status}`)).size).toBe(seen.length)
    expect(keysOf(seen)).toEqual(expected)
    expect(newestFirst(seen)).toBe(true)
  })
})
