import type { ExecutionEvent } from '../../capabilities/models/execution-event.js'
import type { ExecutionResult, NodeResult } from '../../capabilities/models/execution.js'
import { executionOutcome, settledResult, type ExecutionOutcome } from './execution-outcome.js'
import { writeText, type TextOutput } from './text-output.js'

/**
 * Prints every event of an execution as one JSON line (`--ndjson`), each
 * written as soon as it arrives, in order. Writes wait for `stdout` to drain.
 *
 * @returns the execution's result, when it arrived, and the node counts (for the exit code)
 *
 * @example
 * ```ts
 * const { failed } = await renderNdjson(run, process.stdout)
 * ```
 */
export async function renderNdjson(execution: AsyncIterable<ExecutionEvent>, stdout: TextOutput): Promise<ExecutionOutcome> {
  const finished = new Map<string, NodeResult>()
  let result: ExecutionResult | undefined
  for await (const event of execution) {
    if (event.type === 'node:finished') finished.set(event.node, event.result)
    if (event.type === 'finished') result = event.result
    await writeText(stdout, `${JSON.stringify(event)}\n`)
  }
  result ??= await settledResult(execution)
  return executionOutcome(result, finished.values())
}
