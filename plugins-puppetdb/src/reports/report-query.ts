import type { Ast } from '../query/ast.js'
import type { ReportQuery } from 'capstan'

/** The report fields read when logs, metrics and events are not asked for. */
export const reportSummaryFields = [
  'hash',
  'certname',
  'status',
  'noop',
  'noop_pending',
  'environment',
  'puppet_version',
  'configuration_version',
  'transaction_uuid',
  'catalog_uuid',
  'code_id',
  'producer',
  'receive_time',
  'start_time',
  'end_time',
  'corrective_change',
  'cached_catalog_status',
] as const

/** Newest run first; the hash breaks ties so pages never overlap. */
export const newestReportsFirst = [
  { field: 'start_time', order: 'desc' },
  { field: 'hash', order: 'asc' },
] as const

/**
 * The PuppetDB condition for a `reports.query` filter (undefined: every
 * report). `since` is inclusive and `until` exclusive, both on the run's
 * start time.
 */
export function reportCondition(filter: Omit<ReportQuery, 'limit' | 'offset' | 'include'> & { latest?: boolean }): Ast | undefined {
  const conditions: Ast[] = []
  if (filter.latest === true) conditions.push(['=', 'latest_report?', true])
  if (filter.node !== undefined) conditions.push(['=', 'certname', filter.node])
  if (filter.status !== undefined) conditions.push(['=', 'status', filter.status])
  if (filter.noop !== undefined) conditions.push(['=', 'noop', filter.noop])
  if (filter.environment !== undefined) conditions.push(['=', 'environment', filter.environment])
  if (filter.since !== undefined) conditions.push(['>=', 'start_time', filter.since])
  if (filter.until !== undefined) conditions.push(['<', 'start_time', filter.until])
  return allOf(conditions)
}

/**
 * The fields to read: the summary, plus the heavy members the caller asked
 * for (PuppetDB returns them inline as `{ href, data }`).
 */
export function reportFields(include: ReadonlyArray<'logs' | 'metrics' | 'events'>): string[] {
  const heavy = include.map((part) => (part === 'events' ? 'resource_events' : part))
  return [...reportSummaryFields, ...heavy]
}

/** `and` of the conditions, or the one condition, or undefined for none. */
export function allOf(conditions: Ast[]): Ast | undefined {
  if (conditions.length === 0) return undefined
  return conditions.length === 1 ? conditions[0] : ['and', ...conditions]
}
