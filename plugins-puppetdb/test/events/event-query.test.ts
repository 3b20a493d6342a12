import { describe, expect, it } from 'vitest'
import { eventCondition, newestEventsFirst, receivedOrder } from '../../src/events/event-query.js'
import { evaluateCondition } from '../support/evaluate-condition.js'

describe('eventCondition', () => {
  it('is undefined without a filter: every event', () => {
    expect(eventCondition({})).toBeUndefined()
    expect(eventCondition({ latest: false })).toBeUndefined()
  })

  it.each([
    [{ latest: true }, ['=', 'latest_report?', true]],
    [{ node: 'web01.example.com' }, ['=', 'certname', 'web01.example.com']],
    [{ status: 'failure' as const }, ['=', 'status', 'failure']],
    [{ resourceType: 'Package' }, ['=', 'resource_type', 'Package']],
    [{ resourceTitle: '/etc/motd' }, ['=', 'resource_title', '/etc/motd']],
    [{ report: 'f5520e10b4b8ee5fb2596a4f0e0c7f4e4835e607' }, ['=', 'report', 'f5520e10b4b8ee5fb2596a4f0e0c7f4e4835e607']],
    [{ since: '2026-11-24T19:00:00.000Z' }, ['>=', 'timestamp', '2026-11-24T19:00:00.000Z']],
    [{ until: '2026-11-24T20:00:00.000Z' }, ['<', 'timestamp', '2026-11-24T20:00:00.000Z']],
    [{ receivedSince: '2026-11-24T19:34:33.527Z' }, ['>=', 'report_receive_time', '2026-11-24T19:34:33.527Z']],
  ])('maps %j to one condition', (filter, expected) => {
    expect(eventCondition(filter)).toEqual(expected)
  })

  it('joins several fields with and, in a fixed order', () => {
    expect(
      eventCondition({ receivedSince: 'R', until: 'U', since: 'S', report: 'H', resourceTitle: 'T', resourceType: 'Package', status: 'noop', node: 'N', latest: true }),
    ).toEqual([
      'and',
      ['=', 'latest_report?', true],
      ['=', 'certname', 'N'],
      ['=', 'status', 'noop'],
      ['=', 'resource_type', 'Package'],
      ['=', 'resource_title', 'T'],
      ['=', 'report', 'H'],
      ['>=', 'timestamp', 'S'],
      ['<', 'timestamp', 'U'],
      ['>=', 'report_receive_time', 'R'],
    ])
  })

  it('takes since inclusive and until exclusive, on the event time', () => {
    const condition = eventCondition({ since: '2026-11-24T19:34:18.000Z', until: '2026-11-24T19:34:19.000Z' })
    const at = (timestamp: string) => evaluateCondition(condition, { timestamp })
    expect(at('2026-11-24T19:34:17.999Z')).toBe(false)
    expect(at('2026-11-24T19:34:18.000Z')).toBe(true)
    expect(at('2026-11-24T19:34:18.999Z')).toBe(true)
    expect(at('2026-11-24T19:34:19.000Z')).toBe(false)
  })

  it('takes receivedSince inclusive on the report receive time', () => {
    const condition = eventCondition({ receivedSince: '2026-11-24T19:34:33.527Z' })
    expect(evaluateCondition(condition, { report_receive_time: '2026-11-24T19:34:33.527Z' })).toBe(true)
    expect(evaluateCondition(condition, { report_receive_time: '2026-11-24T19:34:33.526Z' })).toBe(false)
  })
})

describe('event orders', () => {
  it('list newest first and follow oldest received first, each with the full identity as tie-breaker', () => {
    expect(newestEventsFirst[0]).toEqual({ field: 'timestamp', order: 'desc' })
    expect(receivedOrder[0]).toEqual({ field: 'report_receive_time', order: 'asc' })
    // Without the identity, two events alike in the first field could swap between pages.
    for (const order of [newestEventsFirst, receivedOrder]) {
      expect(order.slice(1).map((entry) => entry.field)).toEqual(['report', 'resource_type', 'resource_title', 'property'])
    }
  })
})
