import type { Logger } from '../capabilities/provider-context.js'
import { CapstanError } from '../errors/capstan-error.js'
import type { ExecutionQuery, ExecutionRecord } from './execution-record.js'
import type { ExecutionStoreFailure, ExecutionStoreHealth, ExecutionStoreOperation } from './execution-store-health.js'
import type { ExecutionStore, ExecutionStoreCallOptions } from './execution-store.js'
import { thrownMessage } from '../errors/thrown-message.js'

/** Options of a {@link GuardedExecutionStore}. */
export interface GuardedExecutionStoreOptions {
  logger: Logger
  /** How long one call may take before Capstan stops waiting, in ms (default 5,000). */
  timeoutMs?: number
  /** Told of every failure, after it is logged (the host emits `store:error`). */
  onFailure?: (failure: ExecutionStoreFailure) => void
}

/** Default of `executionStoreTimeoutMs`. */
export const DEFAULT_EXECUTION_STORE_TIMEOUT_MS = 5000

/**
 * The application's {@link ExecutionStore} as the engine calls it. Whatever
 * the store does (throws, rejects, answers a plain value or a thenable, never
 * answers), `save` resolves within the timeout and never rejects, and `get`
 * and `list` either answer or reject with a CapstanError whose `cause` is the
 * store's error. Every failure is logged, reported to `onFailure` and
 * counted in {@link GuardedExecutionStore.health}.
 */
export class GuardedExecutionStore {
  readonly #store: ExecutionStore
  readonly #logger: Logger
  readonly #timeoutMs: number
  readonly #onFailure: ((failure: ExecutionStoreFailure) => void) | undefined
  #failures = 0
  #lastFailure: ExecutionStoreFailure | undefined
  #latestFailed = false

  constructor(store: ExecutionStore, options: GuardedExecutionStoreOptions) {
    this.#store = store
    this.#logger = options.logger.child({ component: 'execution-store' })
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_EXECUTION_STORE_TIMEOUT_MS
    this.#onFailure = options.onFailure
  }

  /** Saves a record; resolves once the store has, or has failed, or the timeout passed. Never rejects. */
  async save(record: ExecutionRecord): Promise<void> {
    // A failure has been logged and reported by #call; the execution's result does not change.
    await this.#call('save', record.id, (options) => this.#store.save(record, options), () => undefined).catch(() => undefined)
  }

  /** @throws CapstanError UNAVAILABLE or TIMEOUT, the store's error as `cause`. */
  get(id: string): Promise<ExecutionRecord | undefined> {
    return this.#call('get', id, (options) => this.#store.get(id, options), (answer) => {
      if (answer === undefined || answer === null) return undefined
      if (typeof answer === 'object') return answer as ExecutionRecord
      throw badAnswer('get', id, answer, 'a record or undefined')
    })
  }

  /** @throws CapstanError UNAVAILABLE or TIMEOUT, the store's error as `cause`. */
  list(query: ExecutionQuery = {}): Promise<ExecutionRecord[]> {
    return this.#call('list', undefined, (options) => this.#store.list(query, options), (answer) => {
      if (Array.isArray(answer)) return answer as ExecutionRecord[]
      throw badAnswer('list', undefined, answer, 'a list of records')
    })
  }

  /** How the store has been answering. */
  health(): ExecutionStoreHealth {
    return { status: this.#latestFailed ? 'degraded' : 'healthy', failures: this.#failures, ...(this.#lastFailure === undefined ? {} : { lastFailure: this.#lastFailure }) }
  }

  /** One call into the store, bounded by the timeout; `accept` checks its answer. */
  async #call<T>(operation: ExecutionStoreOperation, executionId: string | undefined, call: (options: ExecutionStoreCallOptions) => unknown, accept: (answer: unknown) => T): Promise<T> {
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(new CapstanError('TIMEOUT', { message: `The execution store did not ${doing(operation, executionId)} within ${this.#timeoutMs} ms`, details: { operation, ...(executionId === undefined ? {} : { executionId }), timeoutMs: this.#timeoutMs } })), this.#timeoutMs)
    try {
      const answer = await new Promise<unknown>((resolve, reject) => {
        controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true })
        // Calling inside `then` turns a synchronous throw into a rejection; resolving adopts a thenable or a plain value.
        Promise.resolve()
          .then(() => call({ signal: controller.signal }))
          .then(resolve, (error: unknown) => reject(storeFailed(operation, executionId, error)))
      })
      const value = accept(answer)
      this.#latestFailed = false
      return value
    } catch (error) {
      throw this.#report(operation, executionId, error as CapstanError)
    } finally {
      clearTimeout(timer)
    }
  }

  #report(operation: ExecutionStoreOperation, executionId: string | undefined, error: CapstanError): CapstanError {
    const failure: ExecutionStoreFailure = { operation, ...(executionId === undefined ? {} : { executionId }), error: { code: error.code, message: error.message }, at: new Date().toISOString() }
    this.#failures++
    this.#lastFailure = failure
    this.#latestFailed = true
    // The record is never logged: it holds the nodes' output.
    this.#logger.warn({ operation, ...(executionId === undefined ? {} : { executionId }), error: failure.error }, 'execution store failed')
    try {
      this.#onFailure?.(failure)
    } catch (listenerError) {
      this.#logger.warn({ operation, error: thrownMessage(listenerError) }, 'a store:error listener threw')
    }
    return error
  }
}

/** What the store was asked to do, for messages: `save execution 1f3…`, `list executions`. */
function doing(operation: ExecutionStoreOperation, executionId: string | undefined): string {
  return executionId === undefined ? `${operation} executions` : `${operation} execution ${executionId}`
}

function storeFailed(operation: ExecutionStoreOperation, executionId: string | undefined, error: unknown): CapstanError {
  const reason = thrownMessage(error)
  return new CapstanError('UNAVAILABLE', { message: `The execution store could not ${doing(operation, executionId)}: ${reason}`, details: { operation, ...(executionId === undefined ? {} : { executionId }) }, cause: error })
}

/** A store that answered the wrong kind of value has a bug: asking again will not help. */
function badAnswer(operation: ExecutionStoreOperation, executionId: string | undefined, answer: unknown, expected: string): CapstanError {
  const got = answer === null ? 'null' : typeof answer
  return new CapstanError('UNAVAILABLE', { message: `The execution store's ${operation} answered ${got}, not ${expected}`, details: { operation, ...(executionId === undefined ? {} : { executionId }), answer: got }, retryable: false })
}
