import { z } from 'zod'
import { durationMs } from '../capabilities/models/duration-ms.js'

/** Options of {@link Capstan.close}. */
export interface CloseOptions {
  /**
   * How long running executions may still take to finish on their own, in
   * milliseconds (default `0`: they are cancelled at once). Those still
   * running when it is over are cancelled. At most 2^31 - 1, what a timer holds.
   */
  graceMs?: number | undefined
}

/** {@link CloseOptions}, strict: an unknown option is a mistake, not something to ignore. */
export const CloseOptionsSchema = z.strictObject({
  graceMs: durationMs('How long running executions may still take to finish, in milliseconds', 0).optional(),
}) satisfies z.ZodType<CloseOptions>
