import type { ExecutionStatus } from '../../capabilities/models/execution.js'
import type { Execution } from '../../execution/execution.js'
import type { ExecutionQuery, ExecutionRecord } from '../../execution/execution-record.js'

/** A running execution as {@link ExecutionsFacade.list} lists it (finished ones are full records). */
export interface RunningExecutionSummary {
  id: string
  capability: string
  status: ExecutionStatus
}

/** `capstan.executions`: running and past executions of this instance. */
export interface ExecutionsFacade {
  /**
   * A running or recently finished execution; iterate it again for a full replay.
   *
   * @param id - The execution's id (`run.id`).
   * @returns undefined when no such execution is kept.
   */
  get(id: string): Execution | undefined
  /**
   * A finished execution's record, from the execution store: its result with
   * every node's, who ran it and when. With a `journal` store (and no
   * `executionStore`), it is there after a restart too.
   *
   * @param id - The execution's id (`run.id`).
   * @returns undefined when the store keeps no such execution (or it is still running: see `get`).
   * @throws CapstanError UNAVAILABLE (TIMEOUT) when the store fails (does not answer in time).
   */
  record(id: string): Promise<ExecutionRecord | undefined>
  /**
   * Running executions, then the history from the execution store, newest first.
   *
   * @param query - `{ status?, capability?, since?, limit? }`.
   */
  list(query?: ExecutionQuery): Promise<Array<ExecutionRecord | RunningExecutionSummary>>
}
