import type { CallInput, ResultOf } from '../../capabilities/catalog.js'
import type { ExecutionResult } from '../../capabilities/models/execution.js'
import type { Execution } from '../../execution/execution.js'
import type { ExecuteOptions } from '../../registry/execute-options.js'
import type { InvokeOptions } from '../../registry/invoke-options.js'

/** `capstan.task`: tasks (Bolt's contract: JSON parameters in, JSON out). */
export interface TaskFacade {
  /**
   * Starts a task on the targets (`task.execute`) and returns at once. Bad
   * parameters are a VALIDATION_ERROR before anything runs.
   *
   * @param input - `{ targets, task, params?, env?, timeoutMs? }`.
   * @param options - Invoke options: `signal`, `timeoutMs` (the whole execution), `priority`, `plugin`, `principal`, `rollout` (waves).
   */
  execute(input: CallInput<'task.execute'>, options?: ExecuteOptions): Execution
  /**
   * Runs a task and resolves with every node's result.
   *
   * @param input - `{ targets, task, params?, env?, timeoutMs? }`.
   * @param options - Invoke options, as for `execute`.
   */
  run(input: CallInput<'task.execute'>, options?: ExecuteOptions): Promise<ExecutionResult>
  /**
   * Every task the plugins offer, with its parameters, for forms and help (`task.list`).
   *
   * @param input - `{}`; may be left out.
   * @param options - Invoke options.
   */
  list(input?: CallInput<'task.list'>, options?: InvokeOptions): Promise<ResultOf<'task.list'>>
}
