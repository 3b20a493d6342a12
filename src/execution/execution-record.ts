import type { ExecutionResult, ExecutionStatus } from '../capabilities/models/execution.js'

/** What the history keeps of a finished execution. */
export interface ExecutionRecord {
  id: string
  capability: string
  status: ExecutionStatus
  /** Id of the principal that started it, when one was given. */
  principal?: string | undefined
  plugins: string[]
  startedAt: string
  finishedAt: string
  durationMs: number
  /** Every node's result (output capped as in the live result). */
  result: ExecutionResult
}

/** Which records {@link ExecutionStore.list} returns, newest first. */
export interface ExecutionQuery {
  status?: ExecutionStatus | undefined
  /** Only executions started at or after this time (ISO 8601 or Date). */
  since?: string | Date | undefined
  capability?: string | undefined
  limit?: number | undefined
}
