import type { ExecutionEvent } from '../../capabilities/models/execution-event.js'
import type { StreamCursor } from './stream-cursor.js'

/** What a consumer gets when it asks its stream for the next event. */
export type StreamRead = { event: ExecutionEvent } | { error: unknown } | 'wait' | 'done'

/** The side of an {@link ExecutionStream} a consumer talks to. */
export interface ConsumerSource {
  /** The next event for this consumer (advancing its cursor), or why there is none. */
  read(consumer: StreamConsumer): StreamRead
  /** Forgets the consumer: it no longer holds output in the live window or counts for backpressure. */
  detach(consumer: StreamConsumer): void
}

interface Waiter {
  resolve(result: IteratorResult<ExecutionEvent, undefined>): void
  reject(error: unknown): void
}

const DONE: IteratorResult<ExecutionEvent, undefined> = { done: true, value: undefined }

/**
 * One reader of an execution stream, as returned by `subscribe`. Pulls from
 * its stream on `next()`; when nothing is available it parks, and the stream
 * wakes it synchronously on push, so a consumer waiting for events never
 * falls behind. `return()` (a `break`) and its signal detach it at once.
 */
export class StreamConsumer implements AsyncIterableIterator<ExecutionEvent, undefined>, AsyncDisposable {
  /** Where this consumer stands; the stream reads it for eviction and backpressure. */
  readonly cursor: StreamCursor
  readonly #source: ConsumerSource
  readonly #signal: AbortSignal | undefined
  readonly #waiting: Waiter[] = []
  #finished = false
  readonly #onAbort = (): void => void this.return()

  constructor(source: ConsumerSource, cursor: StreamCursor, signal?: AbortSignal) {
    this.#source = source
    this.cursor = cursor
    this.#signal = signal
    if (signal?.aborted === true) this.#finished = true
    else signal?.addEventListener('abort', this.#onAbort, { once: true })
  }

  /** True once the iteration is over (drained, failed, broken off or aborted). */
  get finished(): boolean {
    return this.#finished
  }

  /** The next event; waits for the producer when it has seen everything so far. */
  next(): Promise<IteratorResult<ExecutionEvent, undefined>> {
    if (this.#finished) return Promise.resolve(DONE)
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject })
      // Earlier calls still waiting go first, so concurrent next() calls keep order.
      if (this.#waiting.length === 1) this.wake()
    })
  }

  /** Ends the iteration and detaches from the stream at once. */
  return(): Promise<IteratorResult<ExecutionEvent, undefined>> {
    this.#finish()
    for (const waiter of this.#waiting.splice(0)) waiter.resolve(DONE)
    return Promise.resolve(DONE)
  }

  /** Same as {@link StreamConsumer.return}, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.return()
  }

  [Symbol.asyncIterator](): this {
    return this
  }

  /** Hands available events to waiting `next()` calls; the stream calls it after every change. */
  wake(): void {
    while (this.#waiting.length > 0 && !this.#finished) {
      const read = this.#source.read(this)
      if (read === 'wait') return
      const waiter = this.#waiting.shift() as Waiter
      if (read === 'done') {
        this.#finish()
        waiter.resolve(DONE)
      } else if ('error' in read) {
        this.#finish()
        waiter.reject(read.error)
      } else {
        waiter.resolve({ done: false, value: read.event })
      }
    }
    // Calls queued behind the end or the error just see the end.
    if (this.#finished) for (const waiter of this.#waiting.splice(0)) waiter.resolve(DONE)
  }

  #finish(): void {
    if (this.#finished) return
    this.#finished = true
    this.#signal?.removeEventListener('abort', this.#onAbort)
    this.#source.detach(this)
  }
}
