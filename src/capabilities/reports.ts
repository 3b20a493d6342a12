import { z } from 'zod'
import { defineCapability } from './capability.js'
import { nameString } from './models/name-string.js'
import type { ProviderOf } from './handler.js'
import { idField, isoTime, limit, nodeFilter, offset } from './input-fields.js'
import { Report, ReportStatus } from './models/report.js'

/** A page of reports. */
const reportPage = z.object({
  reports: z.array(Report).describe('Reports, newest first'),
  total: z.number().int().nonnegative().optional().describe('Matching reports in all, when the provider knows'),
})

/** Filters of `reports.query`. */
export const ReportQuery = z
  .object({
    node: nodeFilter.optional(),
    status: ReportStatus.optional().describe('Only runs with this outcome: changed, unchanged or failed'),
    noop: z.boolean().optional().describe('Only noop runs (true) or only real runs (false)'),
    environment: nameString('Only runs in this Puppet environment').optional(),
    since: isoTime('Only runs that started at or after this time').optional(),
    until: isoTime('Only runs that started before this time').optional(),
    limit: limit(20, 1000),
    offset,
    include: z
      .array(z.enum(['logs', 'metrics', 'events']))
      .max(3, { error: 'must have at most 3 entries: logs, metrics and events' })
      .optional()
      .describe('Details to fill in; the others come back as empty lists'),
  })
  .strict()
/** Filters of `reports.query`, after defaults. */
export type ReportQuery = z.infer<typeof ReportQuery>

/** Reports capabilities: what happened on nodes during Puppet runs. */
export const reportsCapabilities = {
  list: defineCapability({
    id: 'reports.list',
    type: 'reports',
    description: 'List the latest run reports, of every node or of one',
    kind: 'query',
    routing: { mode: 'prioritised' },
    input: z.object({ node: nodeFilter.optional(), limit: limit(20, 1000), offset }).strict(),
    output: reportPage,
  }),
  get: defineCapability({
    id: 'reports.get',
    type: 'reports',
    description: 'Get one run report with its logs, metrics and resource events',
    kind: 'query',
    routing: { mode: 'prioritised' },
    input: z.object({ hash: idField('report (its hash)') }).strict(),
    output: z.object({ report: Report }),
  }),
  query: defineCapability({
    id: 'reports.query',
    type: 'reports',
    description: 'Find run reports by node, status, noop, environment and time',
    kind: 'query',
    routing: { mode: 'prioritised' },
    input: ReportQuery,
    output: reportPage,
  }),
} as const

/** What a reports plugin implements. */
export type ReportsProvider = ProviderOf<typeof reportsCapabilities>
