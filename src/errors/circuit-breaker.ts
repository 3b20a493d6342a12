import { z } from 'zod'
import { CapstanError } from './capstan-error.js'
import { configError } from './config-error.js'
import { failureSignature } from './failure-signature.js'
import { readRetryable } from './read-retryable.js'

/**
 * `closed`: calls go through and failures are counted. `open`: calls are
 * rejected without reaching the backend. `half-open`: a few trial calls decide
 * whether to close again or stay open.
 */
export type CircuitState = 'closed' | 'open' | 'half-open'

/** Options of {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Failures within `windowMs` that open the breaker. Default 5. */
  failureThreshold?: number | undefined
  /** Length of the rolling window in which failures are counted. Default 60 000. */
  windowMs?: number | undefined
  /** How long the breaker stays open before letting trial calls through. Default 30 000. */
  resetTimeoutMs?: number | undefined
  /** Trial calls allowed in flight at once while half-open. Default 1. */
  halfOpenMaxCalls?: number | undefined
  /**
   * Whether an error says the backend is unhealthy. Default: an error that says
   * `retryable: false` (VALIDATION_ERROR, NOT_FOUND, CANCELLED, ...) does not
   * count, because the backend answered and the caller was wrong; everything
   * else (retryable CapstanErrors, errors from other libraries) counts.
   */
  isFailure?: ((error: unknown) => boolean) | undefined
  /** Clock in milliseconds. Default `Date.now`; tests pass a fake. */
  now?: (() => number) | undefined
  /** Names the breaker in errors, stats and state changes (usually the plugin or backend). Default `circuit`. */
  name?: string | undefined
}

/** A transition reported to {@link CircuitBreaker.onStateChange} listeners. */
export interface CircuitStateChange {
  /** The breaker's name. */
  name: string
  /** State before the change. */
  from: CircuitState
  /** State after the change. */
  to: CircuitState
  /** Clock reading when it changed. */
  at: number
}

/** A snapshot returned by {@link CircuitBreaker.stats}. */
export interface CircuitBreakerStats {
  /** The breaker's name. */
  name: string
  /** Current state. */
  state: CircuitState
  /** Failures counted in the current rolling window (closed state only). */
  failuresInWindow: number
  /** Calls let through to the backend since creation. */
  calls: number
  /** Let-through calls that did not count as failures. */
  successes: number
  /** Let-through calls that counted as failures. */
  failures: number
  /** Calls rejected without reaching the backend. */
  rejections: number
  /** When the breaker last opened, if it is open or half-open. */
  openedAt: number | undefined
  /** How long until an open breaker lets a trial call through; 0 otherwise. */
  retryAfterMs: number
  /** The kind ({@link failureSignature}) and time of the last counted failure still in the window, if any. */
  lastFailure: { signature: string; at: number } | undefined
}

/**
 * The thresholds and timings of a {@link CircuitBreaker} as a Zod schema that
 * applies their defaults, for a plugin that takes breaker settings in its own
 * options: a bad value or an unknown key fails there with its path.
 *
 * @example
 * ```ts
 * const Options = z.strictObject({ url: z.string(), circuitBreaker: z.union([z.literal(false), CircuitBreakerSettings]).prefault({}) })
 * ```
 */
export const CircuitBreakerSettings = z.strictObject({
  failureThreshold: z.number().int().min(1).default(5).describe('Failures within windowMs that open the breaker. Default 5'),
  windowMs: z.number().positive().default(60_000).describe('Rolling window in which failures are counted, in ms. Default 60 000'),
  resetTimeoutMs: z.number().min(0).default(30_000).describe('How long an open breaker fails calls before letting a trial through, in ms. Default 30 000'),
  halfOpenMaxCalls: z.number().int().min(1).default(1).describe('Trial calls in flight at once while half-open. Default 1'),
})
/** The settings of a {@link CircuitBreaker} with their defaults applied. */
export type CircuitBreakerSettings = z.infer<typeof CircuitBreakerSettings>

const BreakerSettings = CircuitBreakerSettings.extend({ name: z.string().min(1).default('circuit') })
type BreakerSettings = z.infer<typeof BreakerSettings>

/**
 * Stops calling a backend that keeps failing, so callers fail fast instead of
 * piling up timeouts, and lets a few trial calls through after a pause to see
 * whether it has recovered.
 *
 * Failures are counted in a rolling window (successes do not erase them): a
 * backend that fails `failureThreshold` times within `windowMs` is opened.
 * The first trial call's outcome decides: success closes, failure re-opens.
 * Calls that started in an earlier state (before it opened, or before a
 * {@link CircuitBreaker.reset}) do not move the state when they finish late.
 *
 * @example
 * ```ts
 * const breaker = new CircuitBreaker({ name: 'puppetdb' })
 * const facts = await breaker.execute(() => client.facts(node))
 * ```
 */
export class CircuitBreaker {
  /** Names the breaker in errors, stats and state changes. */
  readonly name: string
  readonly #settings: BreakerSettings
  readonly #isFailure: (error: unknown) => boolean
  readonly #now: () => number
  readonly #listeners = new Set<(change: CircuitStateChange) => void>()
  #state: CircuitState = 'closed'
  #failureTimes: number[] = []
  #openedAt: number | undefined
  #trialsInFlight = 0
  // Bumped on every transition so late results of earlier calls cannot move the state.
  #generation = 0
  #calls = 0
  #successes = 0
  #failures = 0
  #rejections = 0
  #lastFailure: { signature: string; at: number } | undefined

  /** @throws CapstanError CONFIG_ERROR when an option is out of range. */
  constructor(options: CircuitBreakerOptions = {}) {
    const parsed = BreakerSettings.safeParse({
      failureThreshold: options.failureThreshold,
      windowMs: options.windowMs,
      resetTimeoutMs: options.resetTimeoutMs,
      halfOpenMaxCalls: options.halfOpenMaxCalls,
      name: options.name,
    })
    if (!parsed.success) throw configError('circuit breaker options', parsed.error)
    this.#settings = parsed.data
    this.name = parsed.data.name
    this.#isFailure = options.isFailure ?? ((error) => readRetryable(error) !== false)
    this.#now = options.now ?? Date.now
  }

  /** Current state; an open breaker whose reset timeout has passed reports (and becomes) half-open. */
  get state(): CircuitState {
    this.#advance()
    return this.#state
  }

  /**
   * Calls `fn` if the breaker lets it through and records the outcome; `fn`'s
   * result or error is passed on unchanged.
   *
   * @throws CapstanError UNAVAILABLE with `details: { breaker, state: 'open', retryAfterMs }`
   * when open (fn is not called), or `state: 'half-open'` when the trial calls are all taken.
   */
  async execute<T>(fn: () => Promise<T> | T): Promise<T> {
    this.#advance()
    if (this.#state === 'open') {
      this.#rejections++
      throw new CapstanError('UNAVAILABLE', {
        message: `Circuit breaker "${this.name}" is open: the backend failed repeatedly and is not called until it recovers`,
        details: { breaker: this.name, state: 'open', retryAfterMs: this.#retryAfterMs() },
      })
    }
    const trial = this.#state === 'half-open'
    if (trial && this.#trialsInFlight >= this.#settings.halfOpenMaxCalls) {
      this.#rejections++
      throw new CapstanError('UNAVAILABLE', {
        message: `Circuit breaker "${this.name}" is half-open and its trial calls are in flight`,
        details: { breaker: this.name, state: 'half-open' },
      })
    }
    const generation = this.#generation
    if (trial) this.#trialsInFlight++
    this.#calls++
    let value: T
    try {
      value = await fn()
    } catch (error) {
      const failed = this.#isFailure(error)
      if (failed && generation === this.#generation) this.#lastFailure = { signature: failureSignature(error), at: this.#now() }
      this.#settle(generation, trial, failed)
      throw error
    }
    this.#settle(generation, trial, false)
    return value
  }

  /** A snapshot of the state and counters. */
  stats(): CircuitBreakerStats {
    this.#advance()
    return {
      name: this.name,
      state: this.#state,
      failuresInWindow: this.#state === 'closed' ? this.#pruneFailures() : 0,
      calls: this.#calls,
      successes: this.#successes,
      failures: this.#failures,
      rejections: this.#rejections,
      openedAt: this.#state === 'closed' ? undefined : this.#openedAt,
      retryAfterMs: this.#state === 'open' ? this.#retryAfterMs() : 0,
      lastFailure: this.recentFailure(),
    }
  }

  /**
   * The last failure the breaker counted, while it is within `windowMs` and
   * nothing closed the breaker since. A caller about to retry can compare it
   * with the failure it just had ({@link failureSignature}): when the backend
   * was already failing that way before the call began, a retry within the
   * call would most likely only wait again.
   */
  recentFailure(): { signature: string; at: number } | undefined {
    const last = this.#lastFailure
    if (last === undefined || last.at <= this.#now() - this.#settings.windowMs) return undefined
    return last
  }

  /**
   * Calls `listener` on every state change. A listener that throws does not
   * disturb the breaker or the call that caused the change: its error is
   * rethrown on a microtask, as EventTarget does.
   *
   * @returns A function that removes the listener.
   */
  onStateChange(listener: (change: CircuitStateChange) => void): () => void {
    // Wrapped so the same function can be subscribed twice and each unsubscribe removes only its own.
    const entry = (change: CircuitStateChange): void => listener(change)
    this.#listeners.add(entry)
    return () => {
      this.#listeners.delete(entry)
    }
  }

  /** Closes the breaker and forgets counted failures and calls in flight (counters are kept). */
  reset(): void {
    this.#failureTimes = []
    this.#lastFailure = undefined
    if (this.#state === 'closed') this.#generation++
    else this.#transition('closed')
  }

  #settle(generation: number, trial: boolean, failed: boolean): void {
    if (failed) this.#failures++
    else this.#successes++
    if (generation !== this.#generation) return
    if (trial) {
      this.#trialsInFlight--
      this.#transition(failed ? 'open' : 'closed')
      return
    }
    if (!failed) return
    this.#failureTimes.push(this.#now())
    if (this.#pruneFailures() >= this.#settings.failureThreshold) this.#transition('open')
  }

  /** Drops failures older than the window and returns how many remain. */
  #pruneFailures(): number {
    const since = this.#now() - this.#settings.windowMs
    this.#failureTimes = this.#failureTimes.filter((at) => at > since)
    return this.#failureTimes.length
  }

  #advance(): void {
    if (this.#state === 'open' && this.#retryAfterMs() === 0) this.#transition('half-open')
  }

  #retryAfterMs(): number {
    return Math.max(0, (this.#openedAt ?? 0) + this.#settings.resetTimeoutMs - this.#now())
  }

  #transition(to: CircuitState): void {
    const from = this.#state
    const at = this.#now()
    this.#state = to
    this.#generation++
    this.#trialsInFlight = 0
    if (to === 'open') this.#openedAt = at
    if (to === 'closed') {
      this.#failureTimes = []
      this.#lastFailure = undefined
    }
    const change: CircuitStateChange = { name: this.name, from, to, at }
    for (const listener of [...this.#listeners]) {
      try {
        listener(change)
      } catch (error) {
        queueMicrotask(() => {
          throw error
        })
      }
    }
  }
}
