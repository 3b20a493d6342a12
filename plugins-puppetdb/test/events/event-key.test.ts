import { isCapstanError } from 'capstan'
import { describe, expect, it } from 'vitest'
import { eventKey } from '../../src/events/event-key.js'
import { mapEvent } from '../../src/events/map-event.js'
import type { PdbEventRow } from '../../src/events/pdb-event-row.js'
import { mapReport } from '../../src/reports/map-report.js'
import { catchError } from '@capstan/test-support/catch-error'
import { fixtureRows, withFields } from '../support/fixture.js'

const failures = fixtureRows('query_events_failure') as PdbEventRow[]
const row = failures[0]!
const change = (changes: Record<string, unknown>) => withFields(row, changes) as PdbEventRow

describe('eventKey', () => {
  it('is the same for a row and the event mapped from it', () => {
    for (const event of [...failures, ...(fixtureRows('query_events_noop_latest') as PdbEventRow[])]) {
      expect(eventKey(mapEvent(event))).toBe(eventKey(event))
    }
  })

  it("is the same for an event read from /events and from its report's resource_events", () => {
    // The recorded report is node008's latest run, whose failure is the first recorded event;
    // PuppetDB writes its time as +00:00 in the report and as .000Z in /events.
    const [report] = fixtureRows('query_reports_latest_one')
    const fromReport = mapReport(report).resourceEvents.find((event) => event.status === 'failure')!
    expect(fromReport.reportHash).toBe(row.report)
    expect(eventKey(fromReport)).toBe(eventKey(row))
  })

  it('is stable: the same parts, the same key', () => {
    expect(eventKey(change({ message: 'other', old_value: 'x', name: 'other', run_end_time: null }))).toBe(eventKey(row))
    expect(eventKey(change({ timestamp: '2026-11-24T20:34:18.000+01:00' }))).toBe(eventKey(row))
  })

  it.each([
    [{ report: '241d5bee021897c344970d4335726bd87ec1d9c1' }, 'another run of the same change'],
    [{ resource_type: 'Service' }, 'another resource type with the same title'],
    [{ resource_title: 'nginx' }, 'another resource'],
    [{ property: 'mode' }, 'another property of the resource'],
    [{ property: null }, 'a resource-level event'],
    [{ status: 'skipped' }, 'another status'],
    [{ timestamp: '2026-11-24T19:34:19.000Z' }, 'another moment'],
  ])('differs for %j (%s)', (changes, _why) => {
    expect(eventKey(change(changes))).not.toBe(eventKey(row))
  })

  it('cannot be faked by separators inside a title', () => {
    const a = change({ resource_type: 'File', resource_title: 'a","b' })
    const b = change({ resource_type: 'File","a', resource_title: 'b' })
    expect(eventKey(a)).not.toBe(eventKey(b))
  })

  it('rejects an event without a report hash as PLUGIN_ERROR naming the field', () => {
    const { reportHash: _, ...event } = mapEvent(row)
    const error = catchError(() => eventKey(event))
    expect(isCapstanError(error, 'PLUGIN_ERROR')).toBe(true)
    expect((error as Error).message).toContain('reportHash')
    const rowError = catchError(() => eventKey(change({ report: undefined })))
    expect(isCapstanError(rowError, 'PLUGIN_ERROR')).toBe(true)
    expect((rowError as { details: Record<string, unknown> }).details['field']).toBe('report')
  })

  it('rejects a malformed timestamp as PLUGIN_ERROR, not a RangeError', () => {
    const error = catchError(() => eventKey(change({ timestamp: 'not a time' })))
    expect(isCapstanError(error, 'PLUGIN_ERROR')).toBe(true)
    expect((error as { details: Record<string, unknown> }).details['field']).toBe('timestamp')
  })
})
