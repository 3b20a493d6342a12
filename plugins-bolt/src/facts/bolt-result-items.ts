import { z } from 'zod'

/**
 * One entry of `items` in what `bolt task run|command run|script run
 * --format json` prints: the target, how it ended and the task's value.
 * `value` is checked by whoever reads it; other fields (`action`, `object`)
 * pass through.
 */
export const BoltResultItem = z.looseObject({
  target: z.string().min(1),
  status: z.string().min(1),
  value: z.unknown(),
})
/** One entry of Bolt's `items`. */
export type BoltResultItem = z.infer<typeof BoltResultItem>

/** Bolt's per-target error, in `value._error` of a failed item. Everything but `msg` is optional. */
export const BoltItemError = z.looseObject({
  msg: z.string(),
  kind: z.string().optional(),
  issue_code: z.string().optional(),
  details: z.unknown().optional(),
})
/** Bolt's per-target error. */
export type BoltItemError = z.infer<typeof BoltItemError>

/** The document of a Bolt run: `items` in the order targets finished, plus counts the plugin ignores. */
export const BoltResultItems = z.looseObject({
  items: z.array(BoltResultItem),
})
/** The document of a Bolt run. */
export type BoltResultItems = z.infer<typeof BoltResultItems>
