import { z } from 'zod'
import { inputLimits } from './input-limits.js'

/** A share of the targeted nodes, written as a percentage: `'25%'`, `'12.5%'`. */
export type NodeShare = `${number}%`

/**
 * A rolling execution: its targets run in waves, one wave after another,
 * and a wave starts only while the failures stay within `maxFailures`.
 * Pass it as the `rollout` option of any execution (`command.execute`,
 * `task.execute`, `script.execute`, `packages.*`, a plugin's own execution
 * capability); docs/execution.md ("Rolling executions") has the rules.
 *
 * @example
 * ```ts
 * const run = capstan.command.execute({ targets: 'web*', command: 'systemctl restart app' }, { rollout: { batch: '25%', maxFailures: 1, pauseMs: 30_000 } })
 * ```
 */
export interface RolloutOptions {
  /**
   * Nodes per wave: a count (`2`), or a share of the targets (`'25%'`),
   * rounded up and at least 1 (25% of 10 nodes is waves of 3, 3, 3, 1).
   * Waves take the targets in their resolved order.
   */
  batch: number | NodeShare
  /**
   * Failed nodes (status `failure`, `error` or `timeout`) the whole execution
   * tolerates: once more than this have failed, no further wave starts and
   * its nodes end `skipped`. A count (`0` stops at the first failure), or a
   * share of all targets (`'10%'`), rounded down (10% of 15 nodes tolerates
   * 1). Absent: every wave runs, whatever failed.
   */
  maxFailures?: number | NodeShare | undefined
  /** Milliseconds to wait between two waves (default 0); a cancel ends the wait. */
  pauseMs?: number | undefined
  /**
   * Also stop the running wave once `maxFailures` is passed: its nodes still
   * running are stopped as by a cancel (status `cancelled`), those not
   * started yet end `skipped`. Default false: the running wave finishes.
   */
  failFast?: boolean | undefined
}

const PERCENT = /^\d+(?:\.\d+)?%$/

/** A percentage of the targets, from 0% (when `zero` is allowed) or above 0%, up to 100%: one issue saying which rule it broke. */
function share(what: string, zero: boolean) {
  return z.string().superRefine((text, ctx) => {
    if (!PERCENT.test(text)) ctx.addIssue({ code: 'custom', message: `${what}: expected a whole number or a percentage such as 25%` })
    else {
      const value = Number.parseFloat(text)
      if (value > 100 || (zero ? value < 0 : value <= 0)) ctx.addIssue({ code: 'custom', message: `${what}: a percentage must be ${zero ? 'from 0%' : 'above 0%'} up to 100%` })
    }
  }) as unknown as z.ZodType<NodeShare>
}

/** A count or a share; when missing or of another type, one message saying both forms. */
function countOrShare(what: string, count: z.ZodNumber, zero: boolean) {
  return z.union([count, share(what, zero)], {
    error: (issue) => (issue.code !== 'invalid_union' ? undefined : `${what}: ${issue.input === undefined ? 'required, ' : ''}expected a whole number or a percentage such as 25%`),
  })
}

/** The schema of {@link RolloutOptions} (strict): checked with the other invoke options of an execution. */
export const RolloutOptionsSchema = z.strictObject({
  batch: countOrShare('nodes per wave', z.number().int({ error: 'nodes per wave: expected a whole number' }).min(1, { error: 'nodes per wave: at least 1' }), false),
  maxFailures: countOrShare('failures tolerated', z.number().int({ error: 'failures tolerated: expected a whole number' }).min(0, { error: 'failures tolerated: at least 0' }), true).optional(),
  pauseMs: z
    .number()
    .int({ error: 'must be a whole number of milliseconds' })
    .min(0, { error: 'must be at least 0 ms' })
    .max(inputLimits.durationMs, { error: `must be at most ${inputLimits.durationMs} ms` })
    .optional(),
  failFast: z.boolean().optional(),
}) satisfies z.ZodType<RolloutOptions>
