import { isCapstanError, Report } from 'capstan'
import { describe, expect, it } from 'vitest'
import { mapReport } from '../../src/reports/map-report.js'
import { catchError } from '@capstan/test-support/catch-error'
import { fixtureRows, withFields } from '../support/fixture.js'

const [latest] = fixtureRows('query_reports_latest_one')
const failed = fixtureRows('query_reports_failed')
const hash = 'f5520e10b4b8ee5fb2596a4f0e0c7f4e4835e607'

describe('mapReport', () => {
  it.each(['query_reports_latest_one', 'query_reports_failed'])('maps every row of %s onto a valid Report', (name) => {
    const rows = fixtureRows(name)
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) {
      const report = mapReport(row)
      expect(Report.parse(report)).toEqual(report)
      expect(report).toMatchObject({ hash: row['hash'], certname: row['certname'], status: row['status'] })
      expect(report.metrics).toHaveLength((row['metrics'] as { data: unknown[] }).data.length)
      expect(report.logs).toHaveLength((row['logs'] as { data: unknown[] }).data.length)
      expect(report.resourceEvents).toHaveLength((row['resource_events'] as { data: unknown[] }).data.length)
    }
  })

  it('maps the run fields, leaving out the nulls', () => {
    const { metrics, logs, resourceEvents, ...run } = mapReport(latest)
    expect(run).toEqual({
      hash,
      certname: 'node008.worker.example.com',
      status: 'failed',
      noop: false,
      environment: 'production',
      puppetVersion: '7.23.0',
      configurationVersion: '1795548872',
      transactionUuid: '451b4cf3-6123-fdf7-7656-af7229d4beef',
      catalogUuid: 'b02b61c4-a3d7-0628-ece6-6fa2fd5166e6',
      producer: 'puppet.example.com',
      receivedAt: '2026-11-24T19:34:33.527Z',
      startTime: '2026-11-24T19:34:12.000Z',
      endTime: '2026-11-24T19:34:32.000Z',
      cachedCatalogStatus: 'not_used',
      times: { config_retrieval: 1.8, total: 5 },
    })
    // code_id and corrective_change are null in the row: left out, never the string "null".
    expect(run).not.toHaveProperty('codeId')
    expect(run).not.toHaveProperty('corrective')
    expect(metrics).toContainEqual({ category: 'events', name: 'failure', value: 1 })
  })

  it('keeps code id and corrective change when PuppetDB has them', () => {
    const report = mapReport(withFields(latest!, { code_id: 'urn:puppet:code-id:1:abc', corrective_change: true }))
    expect(report).toMatchObject({ codeId: 'urn:puppet:code-id:1:abc', corrective: true })
  })

  it('maps the log lines, file and line only for resources', () => {
    expect(mapReport(latest).logs).toEqual([
      {
        level: 'err',
        message: "Execution of '/usr/bin/apt-get -q -y install sidekiq' returned 100",
        source: '/Stage[main]/Profile::Worker/Package[sidekiq]/ensure',
        tags: ['err', 'package', 'class'],
        time: '2026-11-24T19:34:18.000Z',
        file: '/etc/puppet/code/environments/production/modules/profile/manifests/worker.pp',
        line: 3,
      },
      { level: 'notice', message: 'Applied catalog in 5.82 seconds', source: 'Puppet', tags: ['notice'], time: '2026-11-24T19:34:31.000Z' },
    ])
  })

  it("maps the resource events with the report's certname and hash, times in UTC", () => {
    const events = mapReport(latest).resourceEvents
    expect(events.map((event) => [event.status, event.resourceType, event.property])).toEqual([
      ['failure', 'Package', 'ensure'],
      ['skipped', 'File', null],
      ['skipped', 'Service', null],
    ])
    for (const event of events) expect(event).toMatchObject({ certname: 'node008.worker.example.com', reportHash: hash })
    expect(events[0]!.timestamp).toBe('2026-11-24T19:34:18.000Z')
    expect(events[1]).toMatchObject({ message: null, containingClass: 'Profile::Worker' })
    expect(events[1]).not.toHaveProperty('oldValue')
  })

  it('has no metrics, logs, events or times when PuppetDB sent only the hrefs', () => {
    const row = withFields(latest!, {
      metrics: { href: `/pdb/query/v4/reports/${hash}/metrics` },
      logs: { href: `/pdb/query/v4/reports/${hash}/logs` },
      resource_events: { href: `/pdb/query/v4/reports/${hash}/events` },
    })
    const report = mapReport(row)
    expect(report).toMatchObject({ metrics: [], logs: [], resourceEvents: [] })
    expect(report).not.toHaveProperty('times')
    expect(Report.parse(report)).toEqual(report)
  })

  it('has no events when PuppetDB answers data: null (a run without events), nor when the members are left out', () => {
    const noEvents = withFields(latest!, { resource_events: { href: `/pdb/query/v4/reports/${hash}/events`, data: null } })
    expect(mapReport(noEvents).resourceEvents).toEqual([])
    const bare = mapReport(withFields(latest!, { metrics: undefined, logs: undefined, resource_events: undefined }))
    expect(bare).toMatchObject({ metrics: [], logs: [], resourceEvents: [] })
  })

  it('leaves times out when the metrics have no time category', () => {
    const metrics = { data: [{ category: 'resources', name: 'total', value: 12 }] }
    const report = mapReport(withFields(latest!, { metrics }))
    expect(report.metrics).toEqual([{ category: 'resources', name: 'total', value: 12 }])
    expect(report).not.toHaveProperty('times')
  })

  it('reads a missing noop flag as a run that applied its changes', () => {
    expect(mapReport(withFields(latest!, { noop: null })).noop).toBe(false)
    expect(mapReport(withFields(latest!, { noop: true })).noop).toBe(true)
  })

  it('maps the recorded failed reports newest first, as PuppetDB ordered them', () => {
    expect(failed.map((row) => mapReport(row).certname)).toEqual(['node048.worker.example.com', 'node038.worker.example.com'])
  })

  it.each([
    [{ hash: undefined }, 'hash'],
    [{ certname: 7 }, 'certname'],
    [{ status: 'success' }, 'status'],
    [{ start_time: null }, 'start_time'],
    [{ noop: 'false' }, 'noop'],
    [{ metrics: { data: [{ category: 'time', name: 'total', value: '5' }] } }, 'metrics.data[0].value'],
    [{ logs: { data: [{ level: 'err' }] } }, 'logs.data[0].message'],
    [{ resource_events: { data: [{ status: 'failure' }] } }, 'resource_events.data[0].timestamp'],
  ])('rejects a row with %j as PLUGIN_ERROR naming %s', (changes, field) => {
    const error = catchError(() => mapReport(withFields(latest!, changes)))
    expect(isCapstanError(error, 'PLUGIN_ERROR')).toBe(true)
    expect((error as Error).message).toContain(field)
    expect((error as { details: Record<string, unknown> }).details).toMatchObject({ field, entity: 'reports' })
  })

  it('names the certname and hash of the broken report', () => {
    const error = catchError(() => mapReport(withFields(latest!, { end_time: 'later' })))
    expect((error as Error).message).toContain(`certname node008.worker.example.com, hash ${hash}`)
    expect((error as { details: Record<string, unknown> }).details).toMatchObject({ certname: 'node008.worker.example.com', hash })
  })
})
