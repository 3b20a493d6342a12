import { describe, expect, it } from 'vitest'
import { allOf, reportCondition, reportFields, reportSummaryFields } from '../../src/reports/report-query.js'
import { evaluateCondition } from '../support/evaluate-condition.js'

describe('reportCondition', () => {
  it('is undefined without a filter: every report', () => {
    expect(reportCondition({})).toBeUndefined()
    expect(reportCondition({ latest: false })).toBeUndefined()
  })

  it.each([
    [{ latest: true }, ['=', 'latest_report?', true]],
    [{ node: 'web01.example.com' }, ['=', 'certname', 'web01.example.com']],
    [{ status: 'failed' as const }, ['=', 'status', 'failed']],
    [{ noop: true }, ['=', 'noop', true]],
    [{ noop: false }, ['=', 'noop', false]],
    [{ environment: 'production' }, ['=', 'environment', 'production']],
    [{ since: '2026-11-24T19:00:00.000Z' }, ['>=', 'start_time', '2026-11-24T19:00:00.000Z']],
    [{ until: '2026-11-24T20:00:00.000Z' }, ['<', 'start_time', '2026-11-24T20:00:00.000Z']],
  ])('maps %j to one condition', (filter, expected) => {
    expect(reportCondition(filter)).toEqual(expected)
  })

  it('joins several fields with and, in a fixed order', () => {
    expect(reportCondition({ until: 'U', since: 'S', environment: 'E', noop: false, status: 'changed', node: 'N', latest: true })).toEqual([
      'and',
      ['=', 'latest_report?', true],
      ['=', 'certname', 'N'],
      ['=', 'status', 'changed'],
      ['=', 'noop', false],
      ['=', 'environment', 'E'],
      ['>=', 'start_time', 'S'],
      ['<', 'start_time', 'U'],
    ])
  })

  it('takes since inclusive and until exclusive, on the start time', () => {
    const condition = reportCondition({ since: '2026-11-24T19:00:00.000Z', until: '2026-11-24T20:00:00.000Z' })
    const startingAt = (start_time: string) => evaluateCondition(condition, { start_time })
    expect(startingAt('2026-11-24T18:59:59.999Z')).toBe(false)
    expect(startingAt('2026-11-24T19:00:00.000Z')).toBe(true)
    // PuppetDB compares instants: the same instant with an offset is inside too.
    expect(startingAt('2026-11-24T20:30:00.000+01:00')).toBe(true)
    expect(startingAt('2026-11-24T19:59:59.999Z')).toBe(true)
    expect(startingAt('2026-11-24T20:00:00.000Z')).toBe(false)
  })
})

describe('reportFields', () => {
  it('reads only the summary when nothing heavy is asked for', () => {
    expect(reportFields([])).toEqual([...reportSummaryFields])
    expect(reportFields([])).not.toEqual(expect.arrayContaining(['logs']))
    expect(reportFields([])).toEqual(expect.arrayContaining(['hash', 'certname', 'status', 'start_time', 'end_time', 'receive_time']))
  })

  it('adds the asked-for parts, events under PuppetDB\'s name resource_events', () => {
    expect(reportFields(['logs'])).toEqual([...reportSummaryFields, 'logs'])
    expect(reportFields(['events', 'metrics'])).toEqual([...reportSummaryFields, 'resource_events', 'metrics'])
    expect(reportFields(['logs', 'metrics', 'events']).slice(-3)).toEqual(['logs', 'metrics', 'resource_events'])
  })
})

describe('allOf', () => {
  it('is undefined for none, the condition for one, and an and for more', () => {
    expect(allOf([])).toBeUndefined()
    expect(allOf([['=', 'a', 1]])).toEqual(['=', 'a', 1])
    expect(allOf([['=', 'a', 1], ['=', 'b', 2]])).toEqual(['and', ['=', 'a', 1], ['=', 'b', 2]])
  })
})
