/**
 * A FIFO of output chunks between a producer's streams (a child's pipes, an
 * SSH channel) and a consumer that pulls at its own pace. Producers read from
 * their stream only while {@link OutputQueue.hasRoom} is true and are called
 * back through {@link OutputQueue.onRoom} once the consumer has brought the
 * queue back under the mark; meanwhile the writer blocks on a full pipe or
 * window, so a slow consumer costs a bounded amount of memory, not the output size.
 *
 * @typeParam T - A chunk; `bytes` is what it counts against the mark (0 for
 *   one that must never hold the producer back, such as a decoder's last characters).
 *
 * @example
 * ```ts
 * const queue = new OutputQueue<{ chunk: string; bytes: number }>(1024 * 1024)
 * stream.on('data', (data: Buffer) => {
 *   queue.push({ chunk: data.toString(), bytes: data.length })
 *   if (!queue.hasRoom) stream.pause()
 * })
 * queue.onRoom(() => stream.resume())
 * stream.on('close', () => queue.end())
 * for (let item = await queue.next(); item !== undefined; item = await queue.next()) console.log(item.chunk)
 * ```
 */
export class OutputQueue<T extends { readonly bytes: number }> {
  readonly #highWaterMark: number
  readonly #items: T[] = []
  readonly #roomListeners: Array<() => void> = []
  #queuedBytes = 0
  #maxQueuedBytes = 0
  #ended = false
  #wake: (() => void) | undefined

  /** @param highWaterMark queued bytes at which producers must stop reading. */
  constructor(highWaterMark: number) {
    this.#highWaterMark = highWaterMark
  }

  /** True while producers may add more: fewer than `highWaterMark` bytes are waiting. */
  get hasRoom(): boolean {
    return this.#queuedBytes < this.#highWaterMark
  }

  /** Calls `listener` each time taking a chunk brings a full queue back under the mark. */
  onRoom(listener: () => void): void {
    this.#roomListeners.push(listener)
  }

  /** Queues a chunk and wakes the consumer. */
  push(item: T): void {
    this.#items.push(item)
    this.#queuedBytes += item.bytes
    this.#maxQueuedBytes = Math.max(this.#maxQueuedBytes, this.#queuedBytes)
    this.#notify()
  }

  /** Takes the oldest chunk; when that makes room, lets producers read again. */
  shift(): T | undefined {
    const item = this.#items.shift()
    if (item === undefined) return undefined
    const wasFull = !this.hasRoom
    this.#queuedBytes -= item.bytes
    if (wasFull && this.hasRoom) for (const listener of this.#roomListeners) listener()
    return item
  }

  /** Marks that nothing more will be pushed. */
  end(): void {
    this.#ended = true
    this.#notify()
  }

  /** True once {@link end} was called and every chunk has been taken. */
  get done(): boolean {
    return this.#ended && this.#items.length === 0
  }

  /** Bytes waiting to be taken. */
  get queuedBytes(): number {
    return this.#queuedBytes
  }

  /** The most bytes that were ever waiting at once. */
  get maxQueuedBytes(): number {
    return this.#maxQueuedBytes
  }

  /** The oldest chunk, waiting for one to arrive; undefined once the queue has ended and every chunk was taken. */
  async next(): Promise<T | undefined> {
    for (;;) {
      const item = this.shift()
      if (item !== undefined || this.done) return item
      await this.changed()
    }
  }

  /** Resolves at the next push or end, or at once if a chunk is waiting or the queue has ended. */
  changed(): Promise<void> {
    if (this.#items.length > 0 || this.#ended) return Promise.resolve()
    return new Promise((resolve) => {
      this.#wake = resolve
    })
  }

  #notify(): void {
    const wake = this.#wake
    this.#wake = undefined
    wake?.()
  }
}
