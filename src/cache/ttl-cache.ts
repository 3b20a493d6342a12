import { LRUCache } from 'lru-cache'
import { CapstanError } from '../errors/capstan-error.js'

/** Options of a {@link TtlCache}. */
export interface TtlCacheOptions {
  /**
   * How long a loaded value is served before the next `get` loads it again,
   * in ms. 0 keeps nothing: every `get` loads, though concurrent ones still share a load.
   */
  ttlMs: number
  /** Most entries kept; the least recently used goes first (>= 1). */
  max: number
  /** Clock in ms, for tests with a fake clock; defaults to `performance.now()`. Only differences matter. */
  now?: (() => number) | undefined
}

/** Options of one {@link TtlCache.get} call. */
export interface TtlCacheGetOptions {
  /** Load again even if a fresh value is cached (a load already in flight is joined: it started after this call's data). */
  refresh?: boolean | undefined
  /** Stops this caller's wait; the shared load is aborted only when every waiter has given up. */
  signal?: AbortSignal | undefined
}

/** Counters since the cache was created. */
export interface TtlCacheStats {
  /** Calls answered from a fresh cached value. */
  hits: number
  /** Calls that had to wait for a load (their own or one already in flight). */
  misses: number
  /** Times a loader actually ran. */
  loads: number
  /** Entries held now, loads in flight included. */
  size: number
}

/** Loads a value; `signal` aborts when nobody waits for it any more. */
export type Loader<V> = (signal: AbortSignal) => Promise<V>

/** lru-cache cannot hold undefined or null, so values travel boxed. */
interface Box<V> {
  value: V
}

/** One running load and the callers waiting for it. */
interface Flight {
  controller: AbortController
  waiters: number
}

/**
 * A TTL + LRU cache of asynchronously loaded values with single flight:
 * concurrent `get`s of a missing key share one load. Built on lru-cache's
 * `fetch`.
 *
 * - A load that rejects is not cached, and every caller waiting on it gets
 *   the error; the key is dropped (even if it held an older value), so the
 *   next `get` loads again.
 * - `invalidate` or `clear` during a load lets the load finish for those
 *   already waiting, but its value is not cached: it may predate the change
 *   that caused the invalidation.
 *
 * @example
 * ```ts
 * const cache = new TtlCache<string, Facts>({ ttlMs: 60_000, max: 10_000 })
 * const facts = await cache.get('web01', (signal) => gather('web01', signal))
 * ```
 */
export class TtlCache<K extends string, V> {
  readonly #lru: LRUCache<K, Box<V>, Loader<V>>
  readonly #flights = new Map<K, Flight>()
  #hits = 0
  #misses = 0
  #loads = 0
  readonly #keepsNothing: boolean

  /** @throws CapstanError CONFIG_ERROR when `ttlMs` is negative or `max` is not a positive integer. */
  constructor(options: TtlCacheOptions) {
    const { ttlMs, max, now } = options
    if (!(ttlMs >= 0) || !Number.isInteger(max) || max < 1) {
      throw new CapstanError('CONFIG_ERROR', { message: `Cache needs ttlMs >= 0 and an integer max >= 1 (got ttlMs ${ttlMs}, max ${max})`, details: { ttlMs, max } })
    }
    this.#keepsNothing = ttlMs === 0
    let perf: { now: () => number } | undefined
    if (now !== undefined) {
      // lru-cache treats an entry stored at time 0 as never expiring, so the clock is shifted to start at 1.
      const origin = now()
      perf = { now: () => now() - origin + 1 }
    }
    this.#lru = new LRUCache<K, Box<V>, Loader<V>>({
      max,
      // lru-cache reads ttl 0 as "never expires"; a cache that keeps nothing drops each value once its load is served.
      ttl: ttlMs === 0 ? 1 : ttlMs,
      // 0: read the clock on every check instead of caching it for a tick, so a fake clock is seen at once.
      ttlResolution: 0,
      // Invalidation aborts lru-cache's own signal; this keeps the running load's value for its waiters without caching it.
      ignoreFetchAbort: true,
      ...(perf === undefined ? {} : { perf }),
      fetchMethod: (key, _stale, { context }) => this.#load(key, context),
    })
  }

  /**
   * The cached value of `key`, or the value `load` produces (cached for
   * `ttlMs`). Concurrent calls for a key share one load.
   */
  async get(key: K, load: Loader<V>, options: TtlCacheGetOptions = {}): Promise<V> {
    const { refresh = false, signal } = options
    signal?.throwIfAborted()
    const status: LRUCache.Status<K, Box<V>, Loader<V>> = {}
    const pending = this.#lru.fetch(key, { context: load, forceRefresh: refresh, status })
    if (status.fetch === 'hit') {
      this.#hits++
    } else {
      this.#misses++
    }
    const flight = status.fetch === 'hit' ? undefined : this.#flights.get(key)
    const box = await (flight === undefined ? pending : this.#join(key, pending, flight, signal))
    if (this.#keepsNothing) this.#lru.delete(key)
    // fetch resolves undefined only when a load is aborted and its abort not ignored, which ignoreFetchAbort rules out.
    if (box === undefined) throw new CapstanError('PLUGIN_ERROR', { message: `Cache load for ${key} produced no value` })
    return box.value
  }

  /** Drops `key`; returns whether it held a value or a load. */
  invalidate(key: K): boolean {
    this.#flights.delete(key)
    return this.#lru.delete(key)
  }

  /** Drops every key for which `test` is true, loads in flight included; returns how many. */
  invalidateWhere(test: (key: K) => boolean): number {
    const keys = new Set([...this.#lru.keys(), ...this.#flights.keys()])
    let dropped = 0
    for (const key of keys) if (test(key) && this.invalidate(key)) dropped++
    return dropped
  }

  /** Drops everything. The counters of {@link stats} keep running. */
  clear(): void {
    this.#flights.clear()
    this.#lru.clear()
  }

  /** Hit, miss and load counters, and the current size. */
  stats(): TtlCacheStats {
    return { hits: this.#hits, misses: this.#misses, loads: this.#loads, size: this.#lru.size }
  }

  #load(key: K, load: Loader<V>): Promise<Box<V>> {
    this.#loads++
    const flight: Flight = { controller: new AbortController(), waiters: 0 }
    this.#flights.set(key, flight)
    // The async wrapper turns a loader that throws synchronously into a rejection like any other.
    const run = async (): Promise<Box<V>> => ({ value: await load(flight.controller.signal) })
    return run().finally(() => {
      if (this.#flights.get(key) === flight) this.#flights.delete(key)
    })
  }

  /** Waits for a shared load on behalf of one caller, who may give up through its own signal. */
  #join(key: K, pending: Promise<Box<V> | undefined>, flight: Flight, signal: AbortSignal | undefined): Promise<Box<V> | undefined> {
    flight.waiters++
    // A caller without a signal never gives up, so its count is never taken back and the load always completes.
    if (signal === undefined) return pending
    return new Promise((resolve, reject) => {
      const giveUp = (): void => {
        flight.waiters--
        if (flight.waiters === 0) {
          flight.controller.abort(signal.reason)
          // Nobody wants this load; forget it so the next caller starts a fresh one instead of joining an aborted one.
          if (this.#flights.get(key) === flight) this.invalidate(key)
        }
        reject(signal.reason)
      }
      signal.addEventListener('abort', giveUp, { once: true })
      pending.then(resolve, reject).finally(() => signal.removeEventListener('abort', giveUp))
    })
  }
}
