import { z } from 'zod'
import { PdbTime } from './pdb-time.js'

/**
 * One row of `/pdb/query/v4/nodes` as PuppetDB 7.12 answers it. Every field
 * but `certname` is null when PuppetDB has nothing to say: a node whose
 * facts arrived but that never sent a catalog or report has null
 * `catalog_*`, `report_*` and `latest_report_*`; `deactivated` and `expired`
 * are null for an active node and the time it stopped being active
 * otherwise. Fields may also be missing when the query's `extract` left them
 * out. Other fields (a later PuppetDB's) pass through unchecked.
 */
export const PdbNodeRow = z.looseObject({
  certname: z.string().min(1),
  deactivated: PdbTime.nullish(),
  expired: PdbTime.nullish(),
  catalog_timestamp: PdbTime.nullish(),
  facts_timestamp: PdbTime.nullish(),
  report_timestamp: PdbTime.nullish(),
  catalog_environment: z.string().nullish(),
  facts_environment: z.string().nullish(),
  report_environment: z.string().nullish(),
  latest_report_status: z.string().nullish(),
  latest_report_hash: z.string().nullish(),
  latest_report_noop: z.boolean().nullish(),
  latest_report_noop_pending: z.boolean().nullish(),
  latest_report_corrective_change: z.boolean().nullish(),
  latest_report_job_id: z.string().nullish(),
  cached_catalog_status: z.string().nullish(),
})
/** One row of `/pdb/query/v4/nodes`. */
export type PdbNodeRow = z.infer<typeof PdbNodeRow>
