import { z } from 'zod'

/** Options of an {@link ExecutionStream}. */
export interface ExecutionStreamOptions {
  /** The execution whose events the stream carries; stamped on every event. */
  executionId: string
  /**
   * Output kept per node and stream for replay and the NodeResult (default
   * 1 MiB). Output past it still reaches consumers that keep up.
   */
  maxStoredOutputBytes?: number
  /**
   * How far, in output past the stored cap, a consumer may fall behind
   * before it gets `output:dropped` instead (default 4 MiB). With a single
   * consumer, also how far it may fall behind before `push` waits for it.
   */
  consumerLagBytes?: number
  /** The clock for event timestamps (tests pass a fake one). */
  now?: () => Date
}

/** Checks the sizes and id of {@link ExecutionStreamOptions}; the clock is only checked to be a function. */
export const ExecutionStreamOptionsSchema = z.object({
  executionId: z.string().min(1),
  maxStoredOutputBytes: z.number().int().nonnegative().optional(),
  consumerLagBytes: z.number().int().nonnegative().optional(),
  now: z.custom<() => Date>((value) => typeof value === 'function', 'expected a function returning a Date').optional(),
})

/** Stored output per node and stream when not configured: 1 MiB. */
export const DEFAULT_MAX_STORED_OUTPUT_BYTES = 1024 * 1024

/** How far a consumer may fall behind when not configured: 4 MiB. */
export const DEFAULT_CONSUMER_LAG_BYTES = 4 * 1024 * 1024
