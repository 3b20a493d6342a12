import { CapstanError } from '../../errors/capstan-error.js'

/**
 * A weighted counting semaphore without a wait list: it only counts slots and
 * answers whether `weight` more can be granted now.
 *
 * Waiting lives in `ExecutionQueue`, not here, because a grant there must
 * take slots from two pools (global and per plugin) at once or from neither; a
 * pool that queued callers itself could hand out half of such a grant.
 *
 * - A holder takes its full weight, but admission clamps the weight to the
 *   capacity: a batch bigger than the pool may still run, alone. `inUse` can
 *   therefore exceed `capacity`, as it also can after `capacity` is lowered.
 * - Lowering `capacity` never preempts holders; new grants wait until
 *   `inUse + weight <= capacity` again.
 * - `Infinity` is a valid capacity: the pool then only counts.
 *
 * @example
 * ```ts
 * const pool = new SlotPool(8)
 * if (pool.canGrant(3)) pool.take(3)
 * pool.release(3)
 * ```
 */
export class SlotPool {
  #capacity: number
  #inUse = 0

  /** @throws CapstanError CONFIG_ERROR unless `capacity` is an integer >= 1 or `Infinity`. */
  constructor(capacity: number) {
    this.#capacity = checkedCapacity(capacity)
  }

  /** Slots that may be held at once. */
  get capacity(): number {
    return this.#capacity
  }

  /**
   * Changes the capacity at once. The pool has no waiters to wake: whoever
   * owns the waiters (the queue) dispatches after setting it.
   *
   * @throws CapstanError CONFIG_ERROR unless `capacity` is an integer >= 1 or `Infinity`.
   */
  set capacity(capacity: number) {
    this.#capacity = checkedCapacity(capacity)
  }

  /** Slots held now; may exceed `capacity` (oversized batch, lowered capacity). */
  get inUse(): number {
    return this.#inUse
  }

  /** Whether `weight` slots (clamped to the capacity) can be granted now. */
  canGrant(weight: number): boolean {
    return this.#inUse + Math.min(weight, this.#capacity) <= this.#capacity
  }

  /**
   * Takes `weight` slots. Callers check {@link SlotPool.canGrant} first; taking
   * more than may be granted is a bug in the caller, so it throws.
   *
   * @throws RangeError when `canGrant(weight)` is false.
   */
  take(weight: number): void {
    if (!this.canGrant(weight)) throw new RangeError(`Cannot take ${weight} slots: ${this.#inUse} of ${this.#capacity} in use`)
    this.#inUse += weight
  }

  /**
   * Gives back `weight` slots taken earlier.
   *
   * @throws RangeError when more slots are given back than are held.
   */
  release(weight: number): void {
    if (weight > this.#inUse) throw new RangeError(`Cannot release ${weight} slots: only ${this.#inUse} in use`)
    this.#inUse -= weight
  }
}

function checkedCapacity(capacity: number): number {
  if (capacity === Infinity || (Number.isInteger(capacity) && capacity >= 1)) return capacity
  throw new CapstanError('CONFIG_ERROR', {
    message: `Slot pool capacity must be an integer >= 1 or Infinity (got ${capacity})`,
    details: { field: 'capacity', capacity },
  })
}
