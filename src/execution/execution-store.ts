import type { ExecutionQuery, ExecutionRecord } from './execution-record.js'

/**
 * Where finished executions are kept for `capstan.executions`. The host
 * ships {@link MemoryExecutionStore}; an application can pass its own (a
 * database, a file) as `createCapstan({ executionStore })`.
 */
export interface ExecutionStore {
  save(record: ExecutionRecord): Promise<void>
  get(id: string): Promise<ExecutionRecord | undefined>
  /** Matching records, newest first. */
  list(query?: ExecutionQuery): Promise<ExecutionRecord[]>
}
