import type { ExecutionQuery, ExecutionRecord } from './execution-record.js'

/** What Capstan passes to each {@link ExecutionStore} call besides its argument. */
export interface ExecutionStoreCallOptions {
  /**
   * Aborted when Capstan stops waiting for the call (after
   * `executionStoreTimeoutMs`), with the `TIMEOUT` error as its reason: a
   * store that can should stop the write or query then.
   */
  signal: AbortSignal
}

/**
 * Where finished executions are kept for `capstan.executions`. The host
 * ships {@link MemoryExecutionStore}; an application can pass its own (a
 * database, a file) as `createCapstan({ executionStore })`.
 *
 * The contract, as Capstan holds it: each method may answer with a promise
 * (or any thenable) or, for a synchronous store, with the value itself.
 * A store's failure never changes what an execution did: a `save` that
 * throws, rejects or does not settle within `executionStoreTimeoutMs`
 * (default 5 s) is logged (warn), emitted as a `store:error` event and counted
 * in `capstan.health().executionStore`, while `run.result` and the events
 * still say how the execution ended. A failing `list` (or `get`) makes
 * `capstan.executions.list` reject with `UNAVAILABLE` (`TIMEOUT` when it did
 * not answer in time), the store's error as `cause`, reported the same way.
 * Capstan saves each execution once, when it has finished, in the order the
 * executions finish; `run.result` waits for that save, at most the timeout.
 */
export interface ExecutionStore {
  /** Keeps a finished execution; a record with the id of a kept one replaces it. */
  save(record: ExecutionRecord, options?: ExecutionStoreCallOptions): Promise<void> | void
  /** The record of `id`, or undefined when none is kept. */
  get(id: string, options?: ExecutionStoreCallOptions): Promise<ExecutionRecord | undefined> | ExecutionRecord | undefined
  /** Matching records, newest first. */
  list(query?: ExecutionQuery, options?: ExecutionStoreCallOptions): Promise<ExecutionRecord[]> | ExecutionRecord[]
}
