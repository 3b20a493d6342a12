import type { ExecutionEvent } from '../capabilities/models/execution-event.js'
import type { ExecutionResult, ExecutionStatus } from '../capabilities/models/execution.js'
import { CapstanError } from '../errors/capstan-error.js'
import type { ExecutionStream } from './stream/execution-stream.js'

/** What an {@link Execution} needs from the engine that drives it. */
export interface ExecutionDriver {
  stream: ExecutionStream
  /** Aborted by `cancel()`; the engine also links the caller's signal to it. */
  controller: AbortController
}

/**
 * A running (or finished) action on many nodes: an async iterable of
 * {@link ExecutionEvent}s that any number of consumers can follow (each gets
 * a replay from the first event; one that stops reading does not stop the
 * execution, {@link Execution.cancel} does), and a `result` promise that
 * resolves with every node's result. A node's failure is a result: `result` rejects only
 * for the caller's own mistakes (bad input, permission, unknown targets).
 *
 * @example
 * ```ts
 * const run = capstan.command.execute({ targets: 'localhost', command: 'uptime' })
 * for await (const ev of run) if (ev.type === 'node:output') process.stdout.write(ev.chunk)
 * const { status, nodes } = await run.result
 * ```
 */
export class Execution implements AsyncIterable<ExecutionEvent> {
  /** Pass it to `capstan.executions.get(id)` to re-attach. */
  readonly id: string
  /** The capability that was invoked. */
  readonly capability: string
  /** Resolves with every node's result when the execution ends. */
  readonly result: Promise<ExecutionResult>
  /**
   * Resolves once the execution is accepted and dispatched: its permission,
   * targets and room in the queue checked. Rejects with that refusal instead.
   * `invoke` awaits it, so a caller gets the handle at once, even for a long
   * task; a plugin's own refusal before anything ran (bad task parameters,
   * unknown task) arrives through `result` and the event stream.
   */
  readonly ready: Promise<void>
  #status: ExecutionStatus = 'queued'
  readonly #driver: ExecutionDriver

  /** @internal Created by the execution engine. */
  constructor(id: string, capability: string, driver: ExecutionDriver, result: Promise<ExecutionResult>, ready: Promise<void>) {
    this.id = id
    this.capability = capability
    this.#driver = driver
    this.result = result
    this.ready = ready
    // Callers who only iterate must not see an "unhandled rejection" for a failure they already get from the iterator.
    result.catch(() => {})
    ready.catch(() => {})
  }

  /** `queued`, `running`, then how it ended. */
  get status(): ExecutionStatus {
    return this.#status
  }

  /** @internal The engine moves the status along. */
  setStatus(status: ExecutionStatus): void {
    this.#status = status
  }

  /**
   * Stops the execution: queued nodes end `cancelled` without running, running
   * nodes are stopped (their process group gets SIGTERM, then SIGKILL after
   * the grace period). Safe to call at any time, and more than once.
   */
  cancel(reason = 'cancelled by the caller'): void {
    if (this.#driver.controller.signal.aborted) return
    this.#driver.controller.abort(new CapstanError('CANCELLED', { message: reason, details: { executionId: this.id } }))
  }

  /**
   * A new consumer of the event stream, from the first event. `signal` ends
   * the iteration quietly. Like a `break`, it stops only this consumer, never
   * the execution: use {@link Execution.cancel} for that.
   */
  events(options: { signal?: AbortSignal | undefined } = {}): AsyncIterableIterator<ExecutionEvent> {
    return this.#driver.stream.subscribe(options)
  }

  /**
   * `for await (const event of run)`: a new consumer, from the first event.
   * Executions are shared and re-attachable, so leaving the loop early
   * (`break`, `return`, a throw) ends this consumer only: the execution goes
   * on, its processes keep running, other consumers still get every event
   * and `result` still resolves. To stop it, call {@link Execution.cancel}.
   *
   * @example
   * ```ts
   * const run = capstan.command.execute({ targets: 'web*', command: 'tail -f /var/log/syslog' })
   * for await (const ev of run) if (ev.type === 'node:output' && ev.chunk.includes('ERROR')) break
   * run.cancel() // the break alone would leave tail running
   * ```
   */
  [Symbol.asyncIterator](): AsyncIterator<ExecutionEvent> {
    return this.events()
  }
}
