import { z } from 'zod'
import { PdbTime } from '../inventory/pdb-time.js'

const JsonRecord = z.record(z.string(), z.unknown())

/**
 * One row of `/pdb/query/v4/inventory` as PuppetDB 7.12 answers it.
 * `timestamp` is when PuppetDB received the facts. `facts` holds every fact,
 * `trusted` among them (Puppet Server submits the trusted data as a fact);
 * `trusted` repeats that fact on its own. Deactivated nodes have no row.
 */
export const PdbInventoryRow = z.looseObject({
  certname: z.string().min(1),
  timestamp: PdbTime,
  environment: z.string().nullish(),
  facts: JsonRecord,
  trusted: JsonRecord.nullish(),
})
/** One row of `/pdb/query/v4/inventory`. */
export type PdbInventoryRow = z.infer<typeof PdbInventoryRow>

/** One fact of a factset: its top-level name and (structured) value. */
export const PdbFactsetFact = z.looseObject({
  name: z.string().min(1),
  value: z.unknown(),
})
/** One fact of a factset. */
export type PdbFactsetFact = z.infer<typeof PdbFactsetFact>

/**
 * One row of `/pdb/query/v4/factsets` (or `/factsets/<certname>`) as
 * PuppetDB 7.12 answers it. `facts` is expanded: `href` to the facts and
 * `data`, one `{name, value}` per top-level fact, `trusted` among them.
 * `timestamp` is when PuppetDB received the facts, `producer_timestamp` when
 * the Puppet Server sent them, `hash` identifies the factset.
 */
export const PdbFactsetRow = z.looseObject({
  certname: z.string().min(1),
  timestamp: PdbTime,
  environment: z.string().nullish(),
  hash: z.string().nullish(),
  producer: z.string().nullish(),
  producer_timestamp: PdbTime.nullish(),
  facts: z.looseObject({
    href: z.string().optional(),
    data: z.array(PdbFactsetFact),
  }),
})
/** One row of `/pdb/query/v4/factsets`. */
export type PdbFactsetRow = z.infer<typeof PdbFactsetRow>
