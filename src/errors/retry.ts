import { z } from 'zod'
import { abortableSleep } from './abortable-sleep.js'
import { CapstanError, isCapstanError } from './capstan-error.js'
import { configError } from './config-error.js'
import { readRetryable } from './read-retryable.js'

/** Options of {@link retry}. Every field is optional; defaults are listed per field. */
export interface RetryOptions {
  /** How many times to call again after the first failure (so at most `retries + 1` calls). Default 3. */
  retries?: number | undefined
  /** Delay before the first retry, and the lower bound of every delay. Default 100. */
  minDelayMs?: number | undefined
  /** Upper bound of every delay, including one asked for by a Retry-After. Default 10 000. */
  maxDelayMs?: number | undefined
  /** Growth of the delay ceiling per attempt: `minDelayMs * factor ** (attempt - 1)`. Default 2. */
  factor?: number | undefined
  /**
   * `full` (default) picks each delay uniformly between `minDelayMs` and the
   * attempt's ceiling, so many clients failing together do not retry in lockstep;
   * `none` waits exactly the ceiling.
   */
  jitter?: 'full' | 'none' | undefined
  /** Stops waiting and calling; the retry then rejects with CANCELLED. Also passed to `fn`. */
  signal?: AbortSignal | undefined
  /**
   * Decides whether a failed attempt is tried again. Default: only errors that say
   * `retryable: true` (see {@link readRetryable}); the message is never inspected.
   */
  shouldRetry?: ((error: unknown, attempt: number) => boolean) | undefined
  /** Called before each wait, e.g. to log; `attempt` is the attempt that just failed. */
  onRetry?: ((error: unknown, attempt: number, delayMs: number) => void) | undefined
  /** Source of randomness for jitter, in [0, 1). Default `Math.random`; tests pass a fixed one. */
  random?: (() => number) | undefined
  /** How to wait. Default {@link abortableSleep}; tests pass a fake that records delays. */
  sleep?: ((ms: number, signal: AbortSignal) => Promise<void>) | undefined
}

/**
 * The timing options of {@link retry} as a Zod schema that applies their
 * defaults, for a plugin that takes retry settings in its own options: a bad
 * value or an unknown key fails there with its path (`retry.minDelayMs`), and
 * the parsed settings say what will happen.
 *
 * @example
 * ```ts
 * const Options = z.strictObject({ url: z.string(), retry: z.union([z.literal(false), RetryTiming]).prefault({}) })
 * ```
 */
export const RetryTiming = z
  .strictObject({
    retries: z.number().int().min(0).default(3).describe('Calls after the first failed one, so at most retries + 1 calls. Default 3'),
    minDelayMs: z.number().min(0).default(100).describe('First wait and lower bound of every wait, in ms. Default 100'),
    maxDelayMs: z.number().min(0).default(10_000).describe('Upper bound of every wait (a Retry-After included), in ms. Default 10 000'),
    factor: z.number().min(1).default(2).describe('Growth of the wait per attempt. Default 2'),
    jitter: z.enum(['full', 'none']).default('full').describe('full spreads waits randomly between minDelayMs and the ceiling; none waits the ceiling. Default full'),
  })
  .refine((t) => t.minDelayMs <= t.maxDelayMs, { message: 'must not exceed maxDelayMs', path: ['minDelayMs'] })
/** The timing options of {@link retry} with their defaults applied. */
export type RetryTiming = z.infer<typeof RetryTiming>

/**
 * Checks the timing options of {@link retry} and applies the defaults.
 *
 * @param what - Names the options in the CONFIG_ERROR (`retry options`, `startRetry`).
 * @throws CapstanError CONFIG_ERROR when an option is out of range.
 */
export function retryTiming(options: Pick<RetryOptions, 'retries' | 'minDelayMs' | 'maxDelayMs' | 'factor' | 'jitter'>, what = 'retry options'): RetryTiming {
  const parsed = RetryTiming.safeParse({
    retries: options.retries,
    minDelayMs: options.minDelayMs,
    maxDelayMs: options.maxDelayMs,
    factor: options.factor,
    jitter: options.jitter,
  })
  if (!parsed.success) throw configError(what, parsed.error)
  return parsed.data
}

/**
 * Calls `fn` until it succeeds, retrying failures that say they are retryable
 * with exponential backoff and jitter.
 *
 * - A non-retryable error is rethrown at once, untouched.
 * - When retries run out, the last error is rethrown as it is.
 * - A CapstanError with a numeric `details.retryAfterMs` (from an HTTP
 *   Retry-After) waits at least that long, capped by `maxDelayMs`.
 * - Aborting `signal` before the first call, during a call that then fails, or
 *   during a wait rejects with CANCELLED carrying the abort reason as `cause`.
 *
 * @param fn - Receives the 1-based attempt number and the signal to pass on.
 * @throws CapstanError CONFIG_ERROR when the options are out of range.
 *
 * @example
 * ```ts
 * const nodes = await retry((attempt, signal) => client.fetchNodes({ signal }), { retries: 5, signal })
 * ```
 */
export async function retry<T>(fn: (attempt: number, signal: AbortSignal) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const timing = retryTiming(options)
  // A signal that never aborts keeps `fn`'s signature simple: it always gets one.
  const signal = options.signal ?? new AbortController().signal
  const shouldRetry = options.shouldRetry ?? ((error: unknown) => readRetryable(error) === true)
  const random = options.random ?? Math.random
  const sleep = options.sleep ?? abortableSleep

  for (let attempt = 1; ; attempt++) {
    if (signal.aborted) throw cancelled(signal, attempt - 1)
    try {
      return await fn(attempt, signal)
    } catch (error) {
      // A failure caused by our own caller aborting is a cancellation, not a backend fault to retry.
      if (signal.aborted) throw isCapstanError(error, 'CANCELLED') ? error : cancelled(signal, attempt)
      if (attempt > timing.retries || !shouldRetry(error, attempt)) throw error
      const delayMs = retryDelay(error, attempt, timing, random)
      options.onRetry?.(error, attempt, delayMs)
      try {
        await sleep(delayMs, signal)
      } catch (sleepError) {
        if (signal.aborted) throw cancelled(signal, attempt)
        throw sleepError
      }
    }
  }
}

/**
 * The wait after failed attempt `attempt` (1-based): exponential, capped by
 * `maxDelayMs`, jittered, and at least a Retry-After the error carries
 * (`details.retryAfterMs`, capped too).
 */
export function retryDelay(error: unknown, attempt: number, timing: RetryTiming, random: () => number): number {
  // minDelayMs 0 would give 0 * Infinity = NaN once the power overflows.
  const grown = timing.minDelayMs === 0 ? 0 : timing.minDelayMs * timing.factor ** (attempt - 1)
  const ceiling = Math.min(timing.maxDelayMs, grown)
  const jittered = timing.jitter === 'none' ? ceiling : timing.minDelayMs + random() * (ceiling - timing.minDelayMs)
  const retryAfterMs = isCapstanError(error) ? error.details['retryAfterMs'] : undefined
  const floor = typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? Math.min(retryAfterMs, timing.maxDelayMs) : 0
  return Math.round(Math.max(jittered, floor))
}

function cancelled(signal: AbortSignal, attempts: number): CapstanError {
  return new CapstanError('CANCELLED', { message: 'Retry cancelled', details: { attempts }, cause: signal.reason })
}
