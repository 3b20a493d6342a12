import type { CallInput } from '../../capabilities/catalog.js'
import type { ExecutionResult } from '../../capabilities/models/execution.js'
import type { Execution } from '../../execution/execution.js'
import type { ExecuteOptions } from '../../registry/execute-options.js'

/** `capstan.script`: Scripts copied to (or found on) the nodes and run with argv arguments. */
export interface ScriptFacade {
  /**
   * Starts a script on the targets (`script.execute`) and returns at once. Iterate the
   * {@link Execution} for its events; `result` resolves with every node's result.
   * Bad input throws VALIDATION_ERROR here; a permission or target problem rejects `result`,
   * and so does a script the host will not read: outside `scripts.roots` (when the host
   * sets them), missing, not a regular file or too large, each the same VALIDATION_ERROR
   * naming `script`, before any plugin runs.
   *
   * @param input - `{ targets, script, args?, env?, timeoutMs? }`; `script` is a path on this
   *   machine, a relative one resolved against `scripts.baseDir` (default: the first root, or
   *   the working directory when there are no roots).
   * @param options - Invoke options: `signal`, `timeoutMs` (the whole execution), `priority`, `plugin`, `principal`, `rollout` (waves).
   */
  execute(input: CallInput<'script.execute'>, options?: ExecuteOptions): Execution
  /**
   * Runs a script and resolves with every node's result: a node's failure is a
   * result, not a rejection. Cancelled (signal) runs resolve with status `cancelled`.
   *
   * @param input - `{ targets, script, args?, env?, timeoutMs? }`.
   * @param options - Invoke options, as for `execute`.
   */
  run(input: CallInput<'script.execute'>, options?: ExecuteOptions): Promise<ExecutionResult>
}
