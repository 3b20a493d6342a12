/**
 * Slots held by one granted `SlotRequest`. Release it when the nodes are
 * done, whatever the outcome; `using lease = await queue.acquire(...)` does that
 * at the end of the block.
 */
export interface SlotLease extends Disposable {
  /** Frees the slots and lets waiters in. Calling it again does nothing. */
  release(): void
  /** Nodes (slots) this lease holds. */
  readonly weight: number
}
