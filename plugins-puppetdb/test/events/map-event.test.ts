import { isCapstanError, ResourceEvent } from 'capstan'
import { describe, expect, it } from 'vitest'
import { mapEvent, resourceEventOf } from '../../src/events/map-event.js'
import { PdbReportEventRow } from '../../src/events/pdb-event-row.js'
import { catchError } from '@capstan/test-support/catch-error'
import { fixtureRows, withFields } from '../support/fixture.js'

const failures = fixtureRows('query_events_failure')
const noops = fixtureRows('query_events_noop_latest')

describe('mapEvent', () => {
  it.each(['query_events_failure', 'query_events_noop_latest'])('maps every row of %s onto a valid ResourceEvent', (name) => {
    const rows = fixtureRows(name)
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) {
      const event = mapEvent(row)
      expect(ResourceEvent.parse(event)).toEqual(event)
      expect(event).toMatchObject({ certname: row['certname'], reportHash: row['report'], status: row['status'] })
    }
  })

  it('maps a failed package install field by field, leaving the null corrective change out', () => {
    expect(mapEvent(failures[0]!)).toEqual({
      certname: 'node008.worker.example.com',
      reportHash: 'f5520e10b4b8ee5fb2596a4f0e0c7f4e4835e607',
      timestamp: '2026-11-24T19:34:18.000Z',
      resourceType: 'Package',
      resourceTitle: 'sidekiq',
      property: 'ensure',
      oldValue: 'absent',
      newValue: 'present',
      message: "change from 'absent' to 'present' failed: Execution of '/usr/bin/apt-get -q -y install sidekiq' returned 100",
      status: 'failure',
      containingClass: 'Profile::Worker',
      containmentPath: ['Stage[main]', 'Profile::Worker', 'Package[sidekiq]'],
      file: '/etc/puppet/code/environments/production/modules/profile/manifests/worker.pp',
      line: 3,
    })
  })

  it('maps a noop event with its would-be value', () => {
    expect(mapEvent(noops[0]!)).toMatchObject({ status: 'noop', property: 'content', newValue: `{sha256}${'d'.repeat(64)}`, resourceTitle: '/etc/motd' })
  })

  it('keeps null property and message of a skipped event as null, and leaves null values out', () => {
    // As PuppetDB 7.12 answers for a resource skipped after a failed dependency.
    const skipped = withFields(failures[0]!, {
      status: 'skipped',
      property: null,
      old_value: null,
      new_value: null,
      message: null,
      name: null,
      containing_class: null,
      file: null,
      line: null,
      containment_path: null,
    })
    const event = mapEvent(skipped)
    expect(event).toMatchObject({ status: 'skipped', property: null, message: null })
    for (const field of ['oldValue', 'newValue', 'containingClass', 'containmentPath', 'file', 'line', 'correctiveChange']) {
      expect(event).not.toHaveProperty(field)
    }
    expect(ResourceEvent.parse(event)).toEqual(event)
  })

  it('keeps a corrective change and non-string values', () => {
    const event = mapEvent(withFields(failures[0]!, { corrective_change: true, old_value: ['sudo'], new_value: ['sudo', 'adm'] }))
    expect(event).toMatchObject({ correctiveChange: true, oldValue: ['sudo'], newValue: ['sudo', 'adm'] })
  })

  it('rewrites an offset timestamp as UTC', () => {
    expect(mapEvent(withFields(failures[0]!, { timestamp: '2026-11-24T20:34:18+01:00' })).timestamp).toBe('2026-11-24T19:34:18.000Z')
  })

  it.each([
    [{ report: undefined }, 'report'],
    [{ certname: undefined }, 'certname'],
    [{ status: 'changed' }, 'status'],
    [{ resource_type: null }, 'resource_type'],
    [{ timestamp: 1795548858000 }, 'timestamp'],
    [{ line: '3' }, 'line'],
    [{ containment_path: 'Stage[main]' }, 'containment_path'],
  ])('rejects a row with %j as PLUGIN_ERROR naming %s', (changes, field) => {
    const error = catchError(() => mapEvent(withFields(failures[0]!, changes)))
    expect(isCapstanError(error, 'PLUGIN_ERROR')).toBe(true)
    expect((error as Error).message).toContain(field)
    expect((error as { details: Record<string, unknown> }).details).toMatchObject({ field, entity: 'events' })
  })

  it('names the certname and report of the broken row', () => {
    const error = catchError(() => mapEvent(withFields(failures[0]!, { status: 'oops' })))
    expect((error as Error).message).toContain('certname node008.worker.example.com, report f5520e10b4b8ee5fb2596a4f0e0c7f4e4835e607')
    expect((error as { details: Record<string, unknown> }).details).toMatchObject({ report: 'f5520e10b4b8ee5fb2596a4f0e0c7f4e4835e607' })
  })
})

describe('resourceEventOf', () => {
  it("gives an event embedded in a report its owner's certname and hash", () => {
    const embedded = PdbReportEventRow.parse({
      status: 'success',
      timestamp: '2026-11-24T19:34:18+00:00',
      resource_type: 'Service',
      resource_title: 'postgresql',
      property: 'ensure',
      old_value: 'stopped',
      new_value: 'running',
      message: "ensure changed 'stopped' to 'running'",
    })
    expect(resourceEventOf(embedded, { certname: 'db01.example.com', reportHash: 'abc' })).toEqual({
      certname: 'db01.example.com',
      reportHash: 'abc',
      timestamp: '2026-11-24T19:34:18.000Z',
      resourceType: 'Service',
      resourceTitle: 'postgresql',
      property: 'ensure',
      oldValue: 'stopped',
      newValue: 'running',
      message: "ensure changed 'stopped' to 'running'",
      status: 'success',
    })
  })
})
