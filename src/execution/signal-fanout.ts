/** A batch's own stop switch, also thrown by the execution's signal. */
export interface BatchStopper {
  readonly signal: AbortSignal
  abort(reason: unknown): void
  /** Forget this batch once it ended. */
  dispose(): void
}

/**
 * Hands out per-batch abort controllers that all abort with one parent
 * signal. One listener on the parent serves every batch: an execution of
 * 10,000 single-node batches would otherwise add 10,000 listeners (or
 * `AbortSignal.any` signals) to one signal.
 */
export class SignalFanout {
  readonly #children = new Set<AbortController>()
  readonly #parent: AbortSignal
  readonly #onAbort = () => {
    for (const child of this.#children) child.abort(this.#parent.reason)
    this.#children.clear()
  }

  constructor(parent: AbortSignal) {
    this.#parent = parent
    parent.addEventListener('abort', this.#onAbort, { once: true })
  }

  /** A controller aborted by the parent (at once, when the parent already is). */
  child(): BatchStopper {
    const controller = new AbortController()
    if (this.#parent.aborted) controller.abort(this.#parent.reason)
    else this.#children.add(controller)
    return {
      signal: controller.signal,
      abort: (reason) => controller.abort(reason),
      dispose: () => this.#children.delete(controller),
    }
  }

  /** Stops listening to the parent. */
  dispose(): void {
    this.#parent.removeEventListener('abort', this.#onAbort)
    this.#children.clear()
  }
}
