import { z } from 'zod'
import { PdbReportEventRow } from '../events/pdb-event-row.js'
import { PdbTime } from '../inventory/pdb-time.js'

/**
 * A member PuppetDB expands in place: `href` to fetch it alone and, when
 * PuppetDB included it, `data`. PuppetDB 7.12 answers `data: null` for a
 * report without resource events.
 */
function expanded<Item extends z.ZodType>(item: Item) {
  return z.looseObject({
    href: z.string().optional(),
    data: z.array(item).nullish(),
  })
}

/** One metric of a report (`{category: 'time', name: 'total', value: 5}`). */
export const PdbReportMetric = z.looseObject({
  category: z.string().min(1),
  name: z.string().min(1),
  value: z.number(),
})
/** One metric of a report. */
export type PdbReportMetric = z.infer<typeof PdbReportMetric>

/** One log line of a report; `file` and `line` are null when it is not about a resource. */
export const PdbReportLog = z.looseObject({
  level: z.string().min(1),
  message: z.string(),
  source: z.string(),
  tags: z.array(z.string()),
  time: PdbTime,
  file: z.string().nullish(),
  line: z.number().int().nullish(),
})
/** One log line of a report. */
export type PdbReportLog = z.infer<typeof PdbReportLog>

/**
 * One row of `/pdb/query/v4/reports` as PuppetDB 7.12 answers it.
 * `metrics`, `logs` and `resource_events` are expanded (`{href, data}`).
 * `corrective_change` is null outside Puppet Enterprise; `code_id`,
 * `job_id` and `cached_catalog_status` are null when Puppet did not set
 * them; `noop_pending` only exists for agents 4.6 and later. Fields may be
 * missing when the query's `extract` left them out; other fields (a later
 * PuppetDB's) pass through unchecked.
 */
export const PdbReportRow = z.looseObject({
  hash: z.string().min(1),
  certname: z.string().min(1),
  status: z.enum(['changed', 'unchanged', 'failed']),
  noop: z.boolean().nullish(),
  noop_pending: z.boolean().nullish(),
  environment: z.string().min(1),
  puppet_version: z.string().nullish(),
  report_format: z.number().int().nullish(),
  configuration_version: z.string().nullish(),
  transaction_uuid: z.string().nullish(),
  catalog_uuid: z.string().nullish(),
  code_id: z.string().nullish(),
  job_id: z.string().nullish(),
  producer: z.string().nullish(),
  type: z.string().nullish(),
  start_time: PdbTime,
  end_time: PdbTime,
  producer_timestamp: PdbTime.nullish(),
  receive_time: PdbTime.nullish(),
  corrective_change: z.boolean().nullish(),
  cached_catalog_status: z.string().nullish(),
  metrics: expanded(PdbReportMetric).nullish(),
  logs: expanded(PdbReportLog).nullish(),
  resource_events: expanded(PdbReportEventRow).nullish(),
})
/** One row of `/pdb/query/v4/reports`. */
export type PdbReportRow = z.infer<typeof PdbReportRow>
