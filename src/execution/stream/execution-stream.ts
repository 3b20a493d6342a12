import type { ExecutionEvent } from '../../capabilities/models/execution-event.js'
import { validationError } from '../../errors/validation-error.js'
import type { EventBody } from './event-body.js'
import {
  DEFAULT_CONSUMER_LAG_BYTES,
  DEFAULT_MAX_STORED_OUTPUT_BYTES,
  ExecutionStreamOptionsSchema,
  type ExecutionStreamOptions,
} from './execution-stream-options.js'
import { OutputCapture } from './output-capture.js'
import { outputKey } from './output-key.js'
import { startCursor } from './stream-cursor.js'
import { StreamConsumer, type ConsumerSource, type StreamRead } from './stream-consumer.js'
import { StreamLog } from './stream-log.js'

export type { EventBody } from './event-body.js'

/** What a node's NodeResult gets of its output. */
export interface StoredOutput {
  stdout: string
  stderr: string
  /** True when stdout or stderr went past the stored-output cap. */
  truncated: boolean
}

/**
 * The event log under every execution: numbers and stamps what the engine
 * pushes and lets any number of consumers read it, each from the first
 * event (late subscribers get a replay), all seeing the same sequence.
 *
 * Memory stays bounded whatever the output size and however slow a consumer:
 * - every event but `node:output` is stored; output is stored per node and
 *   stream up to `maxStoredOutputBytes` (the chunk that crosses it is split
 *   on a character boundary into a stored event and an unstored one, each
 *   with its own seq);
 * - output past the cap sits in a live window only while some consumer still
 *   has to read it, and at most `consumerLagBytes` plus the newest chunk (so
 *   a chunk larger than the window still reaches a waiting consumer);
 * - output that left the window is remembered as one run per node+stream
 *   between two stored events. A consumer that missed output (fell out of
 *   the window, or subscribed late) gets one `output:dropped` per run, with
 *   the exact bytes it missed, carrying the seq and timestamp of the last
 *   chunk it replaces, so the seqs it sees still strictly increase.
 *
 * With exactly one consumer, `push` waits while it is more than
 * `consumerLagBytes` behind, so the engine stops pulling from the plugin
 * and the child's stdout pauses instead of output being dropped.
 *
 * @example
 * ```ts
 * const stream = new ExecutionStream({ executionId: 'e1' })
 * await stream.push({ type: 'node:output', node: 'web01', stream: 'stdout', chunk: 'up 3 days\n' })
 * for await (const event of stream.subscribe()) console.log(event.seq, event.type)
 * ```
 */
export class ExecutionStream {
  /** The execution whose events this stream carries. */
  readonly executionId: string
  readonly #maxStoredOutputBytes: number
  readonly #consumerLagBytes: number
  readonly #now: () => Date
  readonly #log: StreamLog
  readonly #captures = new Map<string, OutputCapture>()
  readonly #consumers = new Set<StreamConsumer>()
  /** Resolvers of `push` calls waiting for the single consumer to catch up. */
  readonly #blocked: Array<() => void> = []
  readonly #source: ConsumerSource = { read: (consumer) => this.#read(consumer), detach: (consumer) => this.#detach(consumer) }
  #seq = 0
  #closed: { failed: false } | { failed: true; error: unknown } | undefined

  constructor(options: ExecutionStreamOptions) {
    const parsed = ExecutionStreamOptionsSchema.safeParse(options)
    if (!parsed.success) throw validationError('ExecutionStream options', parsed.error)
    this.executionId = options.executionId
    this.#maxStoredOutputBytes = options.maxStoredOutputBytes ?? DEFAULT_MAX_STORED_OUTPUT_BYTES
    this.#consumerLagBytes = options.consumerLagBytes ?? DEFAULT_CONSUMER_LAG_BYTES
    this.#now = options.now ?? (() => new Date())
    this.#log = new StreamLog(options.executionId)
  }

  /** Consumers currently attached (subscribed and not finished). */
  get consumers(): number {
    return this.#consumers.size
  }

  /**
   * Appends an event, assigning `seq` (0, 1, 2, …) and `timestamp`.
   * Resolves at once, except when exactly one consumer is attached and it is
   * more than `consumerLagBytes` of unstored output behind: then it resolves
   * once that consumer catches up, detaches, gets company, or the stream
   * closes. Empty output chunks are ignored (they carry nothing and get no
   * seq), and so is anything pushed after `end()` or `fail()`: the replay
   * must end with `finished`.
   */
  push(event: EventBody): Promise<void> {
    if (this.#closed !== undefined) return Promise.resolve()
    const timestamp = this.#now().toISOString()
    if (event.type === 'node:output') {
      const key = outputKey(event.node, event.stream)
      let capture = this.#captures.get(key)
      if (capture === undefined) {
        capture = new OutputCapture(this.#maxStoredOutputBytes)
        this.#captures.set(key, capture)
      }
      for (const part of capture.take(event.chunk)) {
        const entry = { event: { ...event, chunk: part.text, executionId: this.executionId, seq: this.#seq++, timestamp }, key, bytes: part.bytes, endOffset: part.endOffset }
        if (part.stored) this.#log.store(entry)
        else this.#log.goLive(entry)
      }
    } else {
      this.#log.store({ event: { ...event, executionId: this.executionId, seq: this.#seq++, timestamp } })
    }
    for (const consumer of [...this.#consumers]) consumer.wake()
    this.#trim()
    if (!this.#mustWait()) return Promise.resolve()
    return new Promise((resolve) => this.#blocked.push(resolve))
  }

  /** Closes the stream after the last event (`finished`); consumers end once they have drained it. */
  end(): void {
    if (this.#closed !== undefined) return
    this.#closed = { failed: false }
    this.#settle()
  }

  /**
   * Closes the stream with an error: every consumer's next `next()` throws
   * it, without draining what is left, and so does every later subscriber.
   * For a caller's mistake found after the execution started. Ignored after
   * `end()`: a finished execution's replay stays readable.
   */
  fail(error: unknown): void {
    if (this.#closed !== undefined) return
    this.#closed = { failed: true, error }
    this.#settle()
  }

  /**
   * A new consumer: it replays everything stored (with `output:dropped` for
   * output no longer held), then follows live events until `end()`. Breaking
   * out of the loop detaches it at once; `signal` aborting ends its
   * iteration quietly (no error).
   */
  subscribe(options: { signal?: AbortSignal | undefined } = {}): AsyncIterableIterator<ExecutionEvent> {
    const consumer = new StreamConsumer(this.#source, startCursor(this.#log.window.headIndex), options.signal)
    if (!consumer.finished) this.#consumers.add(consumer)
    // A second consumer lifts backpressure: one slow reader must not hold back everyone.
    this.#release()
    return consumer
  }

  /** The stored stdout and stderr of a node, for its NodeResult. */
  storedOutput(node: string): StoredOutput {
    const stdout = this.#captures.get(outputKey(node, 'stdout'))
    const stderr = this.#captures.get(outputKey(node, 'stderr'))
    return { stdout: stdout?.text ?? '', stderr: stderr?.text ?? '', truncated: (stdout?.truncated ?? false) || (stderr?.truncated ?? false) }
  }

  #read(consumer: StreamConsumer): StreamRead {
    if (this.#closed?.failed === true) return { error: this.#closed.error }
    const { window } = this.#log
    const atHead = Math.max(consumer.cursor.windowIndex, window.headIndex) === window.headIndex
    const event = this.#log.next(consumer.cursor)
    if (event === undefined) return this.#closed === undefined ? 'wait' : 'done'
    // Only the consumer(s) at the head of the window keep its oldest entry alive.
    if (atHead) this.#trim()
    this.#release()
    return { event }
  }

  #detach(consumer: StreamConsumer): void {
    if (!this.#consumers.delete(consumer)) return
    this.#trim()
    this.#release()
  }

  /** Wakes every consumer to see the end or the error, and lets waiting pushes go. */
  #settle(): void {
    for (const consumer of [...this.#consumers]) consumer.wake()
    this.#trim()
    this.#release()
  }

  /**
   * Evicts live output nobody needs: what every consumer has read, and,
   * oldest first, what is more than `consumerLagBytes` behind the newest
   * chunk. The newest chunk stays while someone has to read it, however big.
   */
  #trim(): void {
    const window = this.#log.window
    let unread = window.tailIndex
    for (const consumer of this.#consumers) unread = Math.min(unread, consumer.cursor.windowIndex)
    while (window.size > 0) {
      const needed = window.headIndex >= unread
      const overLimit = window.size > 1 && window.bytes - (window.newest?.bytes ?? 0) > this.#consumerLagBytes
      if (needed && !overLimit) return
      this.#log.evictOldest()
    }
  }

  /** True when the single attached consumer is too far behind for the producer to go on. */
  #mustWait(): boolean {
    if (this.#closed !== undefined || this.#consumers.size !== 1) return false
    const [only] = this.#consumers
    return only !== undefined && this.#log.window.bytesFrom(only.cursor.windowIndex) > this.#consumerLagBytes
  }

  #release(): void {
    if (this.#blocked.length === 0 || this.#mustWait()) return
    for (const resolve of this.#blocked.splice(0)) resolve()
  }
}
