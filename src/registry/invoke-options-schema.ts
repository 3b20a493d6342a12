import { z } from 'zod'
import { nameString } from '../capabilities/models/name-string.js'
import { RolloutOptionsSchema } from '../capabilities/models/rollout-options.js'
import type { ExecuteOptions } from './execute-options.js'
import type { InvokeOptions } from './invoke-options.js'

/** setTimeout fires at once for delays above 2^31 - 1 ms, so a longer limit would be no limit at all. */
const MAX_TIMER_MS = 2_147_483_647

/** Duck-typed, so a signal from another realm or an AbortController polyfill passes too. */
function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AbortSignal).aborted === 'boolean' &&
    typeof (value as AbortSignal).addEventListener === 'function' &&
    typeof (value as AbortSignal).removeEventListener === 'function'
  )
}

/**
 * The {@link InvokeOptions} of `invoke`, `invokeUnchecked`, `stream` and every
 * facade method that is not an execution. Strict: an option the host does not
 * know (`retries`, or `rollout` on a query) is a mistake, not something to
 * ignore. A principal may carry more than `id` and `roles` (an application's
 * own user object).
 */
export const InvokeOptionsSchema = z.strictObject({
  principal: z.looseObject({ id: z.string().min(1), roles: z.array(z.string()) }).optional(),
  signal: z.custom<AbortSignal>(isAbortSignal, { message: 'expected an AbortSignal' }).optional(),
  killSignal: z.custom<AbortSignal>(isAbortSignal, { message: 'expected an AbortSignal' }).optional(),
  plugin: nameString().optional(),
  all: z.boolean().optional(),
  timeoutMs: z.number().positive().max(MAX_TIMER_MS).optional(),
  priority: z.number().finite().optional(),
}) satisfies z.ZodType<InvokeOptions>

/** The invoke options of an execution: the others and `rollout`. */
export const ExecuteOptionsSchema = InvokeOptionsSchema.extend({ rollout: RolloutOptionsSchema.optional() }) satisfies z.ZodType<ExecuteOptions>
