import { z } from 'zod'

const JsonRecord = z.record(z.string(), z.unknown())

/**
 * One target as `bolt inventory show --format json --detail` prints it (Bolt
 * 3.x `Target#detail`). Only the fields the plugin maps are checked; others
 * (`features`, `plugin_hooks`, anything a later Bolt adds) pass through
 * unchecked. `uri` is null for a target that has only a name.
 */
export const BoltTargetDetail = z.looseObject({
  name: z.string().min(1),
  uri: z.string().min(1).nullish(),
  alias: z.array(z.string().min(1)).nullish(),
  config: z.looseObject({ transport: z.string().min(1).optional() }).nullish(),
  vars: JsonRecord.nullish(),
  facts: JsonRecord.nullish(),
  groups: z.array(z.string().min(1)).nullish(),
})
/** One target of `bolt inventory show --detail`. */
export type BoltTargetDetail = z.infer<typeof BoltTargetDetail>

/**
 * The document `bolt inventory show --format json [--detail]` prints: the
 * resolved `targets` (inventory targets, then ad-hoc URIs given with `-t`),
 * and the same split into `inventory` and `adhoc`. Without `--detail` each
 * target is its name; with it, an object ({@link BoltTargetDetail}), checked
 * one by one so an error names the target's index.
 */
export const BoltInventoryShow = z.looseObject({
  targets: z.array(z.unknown()),
  adhoc: z.looseObject({ targets: z.array(z.unknown()) }).optional(),
})
/** What `bolt inventory show --format json` prints. */
export type BoltInventoryShow = z.infer<typeof BoltInventoryShow>
