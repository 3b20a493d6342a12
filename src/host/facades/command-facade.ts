import type { CallInput } from '../../capabilities/catalog.js'
import type { ExecutionResult } from '../../capabilities/models/execution.js'
import type { Execution } from '../../execution/execution.js'
import type { ExecuteOptions } from '../../registry/execute-options.js'

/** `capstan.command`: Commands on nodes: `execute` streams the run, `run` waits for its result. */
export interface CommandFacade {
  /**
   * Starts a shell command on the targets (`command.execute`) and returns at once. Iterate the
   * {@link Execution} for its events; `result` resolves with every node's result.
   * Bad input throws VALIDATION_ERROR here; a permission or target problem rejects `result`.
   *
   * @param input - `{ targets, command, env?, cwd?, runAs?, timeoutMs? }`; `timeoutMs` limits each node.
   * @param options - Invoke options: `signal`, `timeoutMs` (the whole execution), `priority`, `plugin`, `principal`, `rollout` (waves).
   */
  execute(input: CallInput<'command.execute'>, options?: ExecuteOptions): Execution
  /**
   * Runs a shell command and resolves with every node's result: a node's failure is a
   * result, not a rejection. Cancelled (signal) runs resolve with status `cancelled`.
   *
   * @param input - `{ targets, command, env?, cwd?, runAs?, timeoutMs? }`; `timeoutMs` limits each node.
   * @param options - Invoke options, as for `execute`.
   */
  run(input: CallInput<'command.execute'>, options?: ExecuteOptions): Promise<ExecutionResult>
}
