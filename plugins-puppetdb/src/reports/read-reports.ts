import { CapstanError, type Report } from 'capstan'
import type { PuppetDbTransport } from '../http/puppetdb-transport.js'
import type { Ast } from '../query/ast.js'
import { runQuery } from '../query/run-query.js'
import { mapReport } from './map-report.js'
import { newestReportsFirst, reportFields } from './report-query.js'

/** Which parts of a report to read besides its summary. */
export type ReportParts = ReadonlyArray<'logs' | 'metrics' | 'events'>

/**
 * One page of reports matching `condition`, newest first, with the total.
 * Only the summary and the asked-for parts are read from PuppetDB.
 */
export async function readReportPage(
  transport: PuppetDbTransport,
  condition: Ast | undefined,
  include: ReportParts,
  page: { limit: number; offset: number; signal: AbortSignal },
): Promise<{ reports: Report[]; total?: number }> {
  const query: Ast = ['extract', reportFields(include), ...(condition === undefined ? [] : [condition])]
  const { rows, total } = await runQuery(transport, { entity: 'reports', query }, { ...page, orderBy: [...newestReportsFirst], includeTotal: true })
  return { reports: rows.map((row) => mapReport(row)), ...(total === undefined ? {} : { total }) }
}

/**
 * The report with `hash`, with its logs, metrics and resource events.
 *
 * @throws CapstanError NOT_FOUND when PuppetDB has no such report.
 */
export async function readReport(transport: PuppetDbTransport, hash: string, where: { url: string; plugin: string; signal: AbortSignal }): Promise<Report> {
  const { rows } = await runQuery(transport, { entity: 'reports', query: ['=', 'hash', hash] }, { signal: where.signal })
  if (rows[0] === undefined) {
    throw new CapstanError('NOT_FOUND', { message: `PuppetDB at ${where.url} has no report with hash ${hash}`, details: { hash, plugin: where.plugin } })
  }
  return mapReport(rows[0])
}
