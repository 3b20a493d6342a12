import type { Report, ReportLog, ReportMetric } from 'capstan'
import { resourceEventOf } from '../events/map-event.js'
import { omitNulls } from '../inventory/omit-nulls.js'
import { parsePdbRow } from '../inventory/parse-pdb-row.js'
import { isoTime } from '../inventory/pdb-time.js'
import { PdbReportRow, type PdbReportLog } from './pdb-report-row.js'

/**
 * Maps one row of `/pdb/query/v4/reports` onto a {@link Report}.
 *
 * - Run fields map by name (`puppet_version` → `puppetVersion`,
 *   `receive_time` → `receivedAt`, `corrective_change` → `corrective`, ...);
 *   a null (`code_id`, `corrective_change` outside PE) is left out, never
 *   turned into the string "null". Times are UTC ISO 8601.
 * - `noop` is false when PuppetDB has no flag (reports older than the noop
 *   field): such a run did apply its changes.
 * - `metrics`, `logs` and `resourceEvents` come from the expanded members'
 *   `data`; they are empty when PuppetDB sent only the `href` (or
 *   `data: null`, as for a run without events).
 * - `times` are the metrics of category `time` (`{config_retrieval: 1.6,
 *   total: 5}`, in seconds), left out when there are none.
 * - Each resource event is mapped as the events endpoint's are, with the
 *   report's certname and hash.
 *
 * `row` is one element of the answer as received: it is checked here.
 *
 * @throws CapstanError PLUGIN_ERROR naming the field (`status`,
 *   `resource_events.data[0].timestamp`), the certname and the hash when the
 *   row is not what PuppetDB 7 answers.
 */
export function mapReport(row: unknown): Report {
  const report = parsePdbRow(PdbReportRow, row, { entity: 'reports' })
  const metrics: ReportMetric[] = (report.metrics?.data ?? []).map(({ category, name, value }) => ({ category, name, value }))
  const times = timesOf(metrics)
  const owner = { certname: report.certname, reportHash: report.hash }
  return {
    hash: report.hash,
    certname: report.certname,
    status: report.status,
    noop: report.noop ?? false,
    environment: report.environment,
    ...omitNulls({
      puppetVersion: report.puppet_version,
      configurationVersion: report.configuration_version,
      transactionUuid: report.transaction_uuid,
      catalogUuid: report.catalog_uuid,
      codeId: report.code_id,
      producer: report.producer,
      receivedAt: report.receive_time == null ? undefined : isoTime(report.receive_time),
      corrective: report.corrective_change,
      cachedCatalogStatus: report.cached_catalog_status,
      times,
    }),
    startTime: isoTime(report.start_time),
    endTime: isoTime(report.end_time),
    metrics,
    logs: (report.logs?.data ?? []).map(logOf),
    resourceEvents: (report.resource_events?.data ?? []).map((event) => resourceEventOf(event, owner)),
  }
}

/** Seconds per phase or resource type, from the `time` metrics; undefined without any. */
function timesOf(metrics: readonly ReportMetric[]): Record<string, number> | undefined {
  const time = metrics.filter((metric) => metric.category === 'time')
  return time.length === 0 ? undefined : Object.fromEntries(time.map((metric) => [metric.name, metric.value]))
}

function logOf(log: PdbReportLog): ReportLog {
  return {
    level: log.level,
    message: log.message,
    source: log.source,
    tags: [...log.tags],
    time: isoTime(log.time),
    ...omitNulls({ file: log.file, line: log.line }),
  }
}
