/**
 * Why not p-limit: the engine needs three things it lacks. It has no priority;
 * it cannot take several slots at once, yet a Bolt batch of k nodes must hold k
 * slots together or it oversubscribes the limit; and it can only clear its whole
 * queue, where an aborted execution must withdraw just its own waiting nodes. So
 * the queue is a small weighted semaphore of our own: a {@link SlotPool} per
 * limit and one ordered {@link WaitList}.
 */
import { z } from 'zod'
import { CapstanError, isCapstanError } from '../../errors/capstan-error.js'
import { configError } from '../../errors/config-error.js'
import { validationError } from '../../errors/validation-error.js'
import type { QueueStats } from './queue-stats.js'
import type { SlotLease } from './slot-lease.js'
import { SlotPool } from './slot-pool.js'
import type { SlotRequest } from './slot-request.js'
import { WaitList, type WaitListEntry } from './wait-list.js'

/** Options of an {@link ExecutionQueue}. */
export interface ExecutionQueueOptions {
  /** Nodes in flight across all executions and plugins (integer >= 1). Default 50, like Bolt's `--concurrency`. */
  concurrency?: number
  /** Nodes that may wait (integer >= 0); a request beyond it fails with QUEUE_FULL. Default 10,000. */
  maxQueued?: number
}

/** The defaults of {@link ExecutionQueueOptions}. */
export const executionQueueDefaults = { concurrency: 50, maxQueued: 10_000 } as const

const concurrencySchema = z.number().int().min(1)
// Wrapped in an object so the CONFIG_ERROR names the field `concurrency`.
const concurrencyOptionSchema = z.object({ concurrency: concurrencySchema })
const optionsSchema = z.strictObject({ concurrency: concurrencySchema.optional(), maxQueued: z.number().int().min(0).optional() })
const requestSchema = z.object({ plugin: z.string().min(1), weight: z.number().int().min(1), priority: z.number().optional() })

/** One plugin's limit and counts; `pool.inUse` is its running nodes. */
interface PluginSlots {
  readonly pool: SlotPool
  queued: number
}

/** A request waiting in the list, with what settles its promise. */
interface Waiter {
  readonly plugin: string
  readonly slots: PluginSlots
  readonly weight: number
  readonly resolve: (lease: SlotLease) => void
  readonly reject: (error: unknown) => void
  /** Set by the grant; while `acquire` itself runs, the grant only lands here. */
  lease?: SlotLease
  detach?: () => void
}

/**
 * Admits node work across all executions under a global limit and optional
 * per-plugin limits, counted in nodes.
 *
 * - A request of weight k (a batch) is granted only when the global pool and
 *   its plugin's pool can both take k at once; it holds all k until released.
 * - A weight larger than a limit is clamped to that limit for admission: a
 *   batch of 100 on concurrency 50 runs, alone. Callers should rather split
 *   batches at {@link ExecutionQueue.maxBatchWeight}.
 * - Order is strict: highest priority first, FIFO within a priority. Dispatch
 *   grants from the front and stops at the first request the global limit
 *   cannot admit, so a big batch is never overtaken and never starves. A request
 *   held back only by its own plugin's limit does not hold back other plugins:
 *   it and the rest of its plugin are skipped.
 * - At most `maxQueued` nodes wait; requests granted at once do not count.
 *
 * @example
 * ```ts
 * const queue = new ExecutionQueue({ concurrency: 8 })
 * queue.setPluginConcurrency('bolt', 4)
 * const lease = await queue.acquire({ plugin: 'bolt', weight: 4, signal })
 * try { await runBatch() } finally { lease.release() }
 * ```
 */
export class ExecutionQueue {
  /** Signals that waiting requests listen to, each with its one abort listener. */
  readonly #watchers = new Map<AbortSignal, { entries: Map<WaitListEntry<Waiter>, () => unknown>; onAbort: () => void }>()
  readonly #global: SlotPool
  readonly #maxQueued: number
  readonly #plugins = new Map<string, PluginSlots>()
  readonly #waiting = new WaitList<Waiter>()
  #completed = 0

  /** @throws CapstanError CONFIG_ERROR naming the bad option. */
  constructor(options: ExecutionQueueOptions = {}) {
    const parsed = optionsSchema.safeParse(options)
    if (!parsed.success) throw configError('execution queue options', parsed.error)
    this.#global = new SlotPool(parsed.data.concurrency ?? executionQueueDefaults.concurrency)
    this.#maxQueued = parsed.data.maxQueued ?? executionQueueDefaults.maxQueued
  }

  /**
   * Changes the global limit now. Raising it admits waiters at once; lowering
   * it lets running nodes finish and admits nothing until fewer than `n` run.
   *
   * @throws CapstanError CONFIG_ERROR (field `concurrency`) unless `n` is an integer >= 1.
   */
  setConcurrency(n: number): void {
    this.#global.capacity = parsedConcurrency(n, {})
    this.#dispatch()
  }

  /**
   * Sets a plugin's own limit, applied on top of the global one; `undefined`
   * removes it. Takes effect like {@link ExecutionQueue.setConcurrency}.
   *
   * @throws CapstanError CONFIG_ERROR (field `concurrency`, `details.plugin`) unless `n` is undefined or an integer >= 1.
   */
  setPluginConcurrency(plugin: string, n: number | undefined): void {
    const capacity = n === undefined ? Infinity : parsedConcurrency(n, { plugin })
    const slots = this.#slotsOf(plugin)
    slots.pool.capacity = capacity
    this.#forgetIfIdle(plugin, slots)
    this.#dispatch()
  }

  /** The largest batch of `plugin` that fits its limits without clamping: min(global, plugin limit). */
  maxBatchWeight(plugin: string): number {
    return Math.min(this.#global.capacity, this.#plugins.get(plugin)?.pool.capacity ?? Infinity)
  }

  /**
   * Waits for `request.weight` slots and resolves with the lease holding them.
   *
   * Rejects with CapstanError QUEUE_FULL (retryable; `details.queued`,
   * `details.maxQueued`) when it would have to wait and the waiting nodes would
   * exceed `maxQueued`; with CANCELLED (`cause` = the abort reason, or the
   * reason itself when it is a CapstanError) when `signal` aborts before the
   * grant; with VALIDATION_ERROR for a bad plugin, weight or priority; with
   * whatever `onPosition` throws, after giving the request up.
   */
  acquire(request: SlotRequest): Promise<SlotLease> {
    const { plugin, weight, priority = 0, signal, onPosition } = request
    if (!(typeof plugin === 'string' && plugin !== '' && Number.isInteger(weight) && weight >= 1 && Number.isFinite(priority))) {
      // Zod only on the failure path: acquire runs once per batch and should stay cheap.
      const parsed = requestSchema.safeParse(request)
      return Promise.reject(parsed.success ? new CapstanError('VALIDATION_ERROR', { message: 'Invalid slot request' }) : validationError('ExecutionQueue.acquire', parsed.error))
    }
    if (signal?.aborted) return Promise.reject(cancelled(signal, plugin, weight))

    return new Promise<SlotLease>((resolve, reject) => {
      const slots = this.#slotsOf(plugin)
      let inAcquire = true
      // A grant during acquire waits for onPosition, which may still fail the request.
      const waiter: Waiter = {
        plugin,
        slots,
        weight,
        resolve: (lease) => {
          if (!inAcquire) resolve(lease)
        },
        reject,
      }
      // Queue it, then dispatch: whether it may start now is exactly whether
      // dispatch reaches and admits it, so an earlier request is never overtaken.
      const { entry, ahead } = this.#waiting.insert(waiter, weight, priority)
      slots.queued += weight
      this.#dispatch()
      inAcquire = false
      if (waiter.lease !== undefined) {
        try {
          onPosition?.(0)
          resolve(waiter.lease)
        } catch (error) {
          waiter.lease.release()
          reject(error)
        }
        return
      }
      const queuedBefore = this.#waiting.weight - weight
      if (queuedBefore + weight > this.#maxQueued) {
        this.#withdraw(entry, new CapstanError('QUEUE_FULL', {
          message: `Execution queue is full: ${queuedBefore} nodes waiting, ${weight} more would exceed maxQueued ${this.#maxQueued}`,
          details: { queued: queuedBefore, maxQueued: this.#maxQueued, weight, plugin },
          retryable: true,
        }))
        return
      }
      if (signal !== undefined) waiter.detach = this.#watch(signal, entry, () => cancelled(signal, plugin, weight))
      try {
        onPosition?.(ahead)
      } catch (error) {
        // The caller failed to take note of its request; leaving it queued would grant slots nobody uses.
        this.#withdraw(entry, error)
      }
    })
  }

  /** Counts now, in nodes. */
  stats(): QueueStats {
    const perPlugin: QueueStats['perPlugin'] = {}
    for (const [plugin, { pool, queued }] of this.#plugins) {
      perPlugin[plugin] = { running: pool.inUse, queued, ...(pool.capacity === Infinity ? {} : { limit: pool.capacity }) }
    }
    return { running: this.#global.inUse, queued: this.#waiting.weight, completed: this.#completed, concurrency: this.#global.capacity, perPlugin }
  }

  /** Grants waiters in order while they fit; see the class comment for the rules. */
  #dispatch(): void {
    let heldBack: Set<PluginSlots> | undefined
    for (const entry of this.#waiting) {
      const { slots, weight } = entry.value
      // Its plugin's earlier request is waiting: no overtaking within a plugin either.
      if (heldBack?.has(slots)) continue
      if (!this.#global.canGrant(weight)) return
      if (!slots.pool.canGrant(weight)) {
        ;(heldBack ??= new Set()).add(slots)
        continue
      }
      this.#grant(entry)
    }
  }

  #grant(entry: WaitListEntry<Waiter>): void {
    const waiter = entry.value
    this.#waiting.remove(entry)
    waiter.slots.queued -= waiter.weight
    this.#global.take(waiter.weight)
    waiter.slots.pool.take(waiter.weight)
    waiter.detach?.()
    waiter.lease = this.#lease(waiter.plugin, waiter.slots, waiter.weight)
    waiter.resolve(waiter.lease)
  }

  #lease(plugin: string, slots: PluginSlots, weight: number): SlotLease {
    let released = false
    const release = (): void => {
      if (released) return
      released = true
      this.#global.release(weight)
      slots.pool.release(weight)
      this.#completed += weight
      this.#forgetIfIdle(plugin, slots)
      this.#dispatch()
    }
    return Object.freeze({ weight, release, [Symbol.dispose]: release })
  }

  /**
   * Withdraws `entry` when `signal` aborts. One listener per signal, shared by
   * every request waiting on it: an execution's many batches share one
   * signal, and a listener each would make every add scan all the others.
   */
  #watch(signal: AbortSignal, entry: WaitListEntry<Waiter>, reason: () => unknown): () => void {
    let watched = this.#watchers.get(signal)
    if (watched === undefined) {
      const entries = new Map<WaitListEntry<Waiter>, () => unknown>()
      const onAbort = (): void => {
        this.#watchers.delete(signal)
        for (const [waiting, why] of [...entries]) this.#withdraw(waiting, why())
      }
      signal.addEventListener('abort', onAbort, { once: true })
      watched = { entries, onAbort }
      this.#watchers.set(signal, watched)
    }
    const { entries, onAbort } = watched
    entries.set(entry, reason)
    return () => {
      entries.delete(entry)
      if (entries.size > 0 || this.#watchers.get(signal) !== watched) return
      signal.removeEventListener('abort', onAbort)
      this.#watchers.delete(signal)
    }
  }

  /** Takes a waiting request out without granting it, and lets those it held back in. */
  #withdraw(entry: WaitListEntry<Waiter>, error: unknown): void {
    if (!this.#waiting.remove(entry)) return
    const waiter = entry.value
    waiter.slots.queued -= waiter.weight
    waiter.detach?.()
    this.#forgetIfIdle(waiter.plugin, waiter.slots)
    waiter.reject(error)
    // It may have been the head the global limit stopped at.
    this.#dispatch()
  }

  #slotsOf(plugin: string): PluginSlots {
    let slots = this.#plugins.get(plugin)
    if (slots === undefined) {
      slots = { pool: new SlotPool(Infinity), queued: 0 }
      this.#plugins.set(plugin, slots)
    }
    return slots
  }

  /** Keeps the plugin map (and stats) to plugins that have a limit or work, whatever plugin names callers pass over time. */
  #forgetIfIdle(plugin: string, slots: PluginSlots): void {
    if (slots.pool.capacity === Infinity && slots.pool.inUse === 0 && slots.queued === 0) this.#plugins.delete(plugin)
  }
}

function parsedConcurrency(n: number, details: Record<string, unknown>): number {
  const parsed = concurrencyOptionSchema.safeParse({ concurrency: n })
  if (!parsed.success) throw configError('execution queue concurrency', parsed.error, details)
  return parsed.data.concurrency
}

function cancelled(signal: AbortSignal, plugin: string, weight: number): CapstanError {
  const reason: unknown = signal.reason
  if (isCapstanError(reason)) return reason
  return new CapstanError('CANCELLED', { message: 'Cancelled while queued', details: { plugin, weight }, cause: reason })
}
