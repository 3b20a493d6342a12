import type { Ast } from '../query/ast.js'
import type { EventQuery } from 'capstan'
import { allOf } from '../reports/report-query.js'

/** Newest event first; the rest of the identity breaks ties so pages never overlap. */
export const newestEventsFirst = [
  { field: 'timestamp', order: 'desc' },
  { field: 'report', order: 'asc' },
  { field: 'resource_type', order: 'asc' },
  { field: 'resource_title', order: 'asc' },
  { field: 'property', order: 'asc' },
] as const

/** Oldest receive time first, for following new events. */
export const receivedOrder = [
  { field: 'report_receive_time', order: 'asc' },
  { field: 'report', order: 'asc' },
  { field: 'resource_type', order: 'asc' },
  { field: 'resource_title', order: 'asc' },
  { field: 'property', order: 'asc' },
] as const

/**
 * The PuppetDB condition for an events filter (undefined: every event).
 * `since` is inclusive and `until` exclusive, on the event's timestamp.
 */
export function eventCondition(filter: Partial<Omit<EventQuery, 'limit' | 'offset'>> & { latest?: boolean; receivedSince?: string }): Ast | undefined {
  const conditions: Ast[] = []
  if (filter.latest === true) conditions.push(['=', 'latest_report?', true])
  if (filter.node !== undefined) conditions.push(['=', 'certname', filter.node])
  if (filter.status !== undefined) conditions.push(['=', 'status', filter.status])
  if (filter.resourceType !== undefined) conditions.push(['=', 'resource_type', filter.resourceType])
  if (filter.resourceTitle !== undefined) conditions.push(['=', 'resource_title', filter.resourceTitle])
  if (filter.report !== undefined) conditions.push(['=', 'report', filter.report])
  if (filter.since !== undefined) conditions.push(['>=', 'timestamp', filter.since])
  if (filter.until !== undefined) conditions.push(['<', 'timestamp', filter.until])
  if (filter.receivedSince !== undefined) conditions.push(['>=', 'report_receive_time', filter.receivedSince])
  return allOf(conditions)
}
