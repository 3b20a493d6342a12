import type { ErrorCode } from '../errors/codes.js'

/** A call Capstan makes into the {@link ExecutionStore}. */
export type ExecutionStoreOperation = 'save' | 'get' | 'list'

/** One failed call into the execution store: the `store:error` event, and `lastFailure` in {@link ExecutionStoreHealth}. */
export interface ExecutionStoreFailure {
  operation: ExecutionStoreOperation
  /** The execution being saved or read; absent for `list`. */
  executionId?: string | undefined
  /** `UNAVAILABLE` when the store threw, rejected or answered nonsense; `TIMEOUT` when it did not answer in time. */
  error: { code: ErrorCode; message: string }
  /** When it failed (ISO 8601). */
  at: string
}

/** How the execution store has been answering, in `capstan.health().executionStore`. */
export interface ExecutionStoreHealth {
  /** `degraded` when the latest call into the store failed; a later call that succeeds makes it `healthy` again. */
  status: 'healthy' | 'degraded'
  /** Calls that failed since the instance was created. */
  failures: number
  /** The latest failure, once there has been one. */
  lastFailure?: ExecutionStoreFailure | undefined
}
