import { z } from 'zod'
import { PdbTime } from '../inventory/pdb-time.js'

/**
 * One resource event as PuppetDB 7.12 embeds it in a report's expanded
 * `resource_events.data`: no `certname` or `report`, as the report has them,
 * and `timestamp` with an offset (`+00:00`) rather than `Z`.
 *
 * A `skipped` event (a resource not applied because a dependency failed) has
 * null `property`, `old_value`, `new_value`, `message` and `name`.
 * `corrective_change` is null outside Puppet Enterprise. `old_value` and
 * `new_value` are whatever Puppet recorded (usually strings).
 */
export const PdbReportEventRow = z.looseObject({
  status: z.enum(['success', 'failure', 'noop', 'skipped']),
  timestamp: PdbTime,
  resource_type: z.string().min(1),
  resource_title: z.string(),
  property: z.string().nullish(),
  old_value: z.unknown(),
  new_value: z.unknown(),
  message: z.string().nullish(),
  name: z.string().nullish(),
  file: z.string().nullish(),
  line: z.number().int().nullish(),
  containment_path: z.array(z.string()).nullish(),
  containing_class: z.string().nullish(),
  corrective_change: z.boolean().nullish(),
})
/** One resource event inside a report. */
export type PdbReportEventRow = z.infer<typeof PdbReportEventRow>

/**
 * One row of `/pdb/query/v4/events` as PuppetDB 7.12 answers it: a
 * {@link PdbReportEventRow} plus the node (`certname`), the report's hash
 * (`report`) and some of the report's own fields (run times, environment,
 * configuration version). `timestamp` ends in `Z` here.
 */
export const PdbEventRow = PdbReportEventRow.extend({
  certname: z.string().min(1),
  report: z.string().min(1),
  environment: z.string().nullish(),
  configuration_version: z.string().nullish(),
  run_start_time: PdbTime.nullish(),
  run_end_time: PdbTime.nullish(),
  report_receive_time: PdbTime.nullish(),
})
/** One row of `/pdb/query/v4/events`. */
export type PdbEventRow = z.infer<typeof PdbEventRow>
