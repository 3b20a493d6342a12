import { z } from 'zod'
import { ResourceEvent } from './resource-event.js'

/** One log line of a Puppet run. */
export const ReportLog = z.object({
  level: z.string().describe('Log level: debug, info, notice, warning, err, ...'),
  message: z.string(),
  source: z.string().describe('What logged it: Puppet, a resource (File[/etc/motd]/content), ...'),
  tags: z.array(z.string()).describe('Puppet tags of the source'),
  time: z.string().describe('ISO 8601 time of the log line'),
  file: z.string().optional().describe('Manifest file, when the line came from a resource'),
  line: z.number().int().optional().describe('Line in that manifest'),
})
/** One log line of a Puppet run. */
export type ReportLog = z.infer<typeof ReportLog>

/** One metric of a Puppet run (resources.changed, time.total, events.failure, ...). */
export const ReportMetric = z.object({
  category: z.string().describe('Metric category: resources, time, changes, events'),
  name: z.string().describe('Metric name within the category'),
  value: z.number(),
})
/** One metric of a Puppet run. */
export type ReportMetric = z.infer<typeof ReportMetric>

/** Overall outcome of a Puppet run. */
export const ReportStatus = z
  .enum(['changed', 'unchanged', 'failed'])
  .describe('Overall outcome: something changed, nothing changed, or the run failed')
/** Overall outcome of a Puppet run. */
export type ReportStatus = z.infer<typeof ReportStatus>

/**
 * One Puppet run on one node. `metrics`, `logs` and `resourceEvents` are
 * empty when the provider was not asked for them (see `include` of
 * `reports.query`).
 */
export const Report = z.object({
  hash: z.string().min(1).describe('Report hash, its id'),
  certname: z.string().min(1).describe('Node the run happened on'),
  status: ReportStatus,
  noop: z.boolean().describe('True when the run only simulated changes'),
  environment: z.string().describe('Puppet environment of the run'),
  puppetVersion: z.string().optional(),
  configurationVersion: z.string().optional().describe('Version of the code the catalog was compiled from'),
  transactionUuid: z.string().optional(),
  catalogUuid: z.string().optional(),
  codeId: z.string().optional(),
  producer: z.string().optional().describe('Puppet server that received the report'),
  receivedAt: z.string().optional().describe('ISO 8601 time the report was received'),
  startTime: z.string().describe('ISO 8601 time the run started'),
  endTime: z.string().describe('ISO 8601 time the run ended'),
  corrective: z.boolean().optional().describe('True when the run corrected drift'),
  cachedCatalogStatus: z.string().optional().describe('explicitly_requested, on_failure or not_used'),
  times: z.record(z.string(), z.number()).optional().describe('Time spent per phase or resource type, in seconds'),
  metrics: z.array(ReportMetric).describe('Run metrics; empty when not requested'),
  logs: z.array(ReportLog).describe('Log lines; empty when not requested'),
  resourceEvents: z.array(ResourceEvent).describe('Resource events; empty when not requested'),
})
/** One Puppet run on one node. */
export type Report = z.infer<typeof Report>
