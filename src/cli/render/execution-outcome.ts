import type { ExecutionResult, NodeResult } from '../../capabilities/models/execution.js'

/** What rendering an execution found out: its result (when it arrived) and how many nodes succeeded or not. */
export interface ExecutionOutcome {
  /** The execution's result, from its `finished` event or its `result` promise; absent when neither arrived. */
  result?: ExecutionResult
  /** Nodes whose status is anything but `success`. */
  failed: number
  /** Nodes whose status is `success`. */
  succeeded: number
}

/**
 * Counts an execution's outcome: from its result when there is one (it lists
 * every node), else from the node results seen in `node:finished` events.
 */
export function executionOutcome(result: ExecutionResult | undefined, finished: Iterable<NodeResult>): ExecutionOutcome {
  const nodes = result?.nodes ?? [...finished]
  const succeeded = nodes.filter((node) => node.status === 'success').length
  return { ...(result ? { result } : {}), failed: nodes.length - succeeded, succeeded }
}

/**
 * The result of an iterable that is an `Execution` (it has a `result`
 * promise), for when its stream ended without a `finished` event; undefined
 * for a plain iterable or when that promise rejects.
 */
export async function settledResult(execution: object): Promise<ExecutionResult | undefined> {
  const pending = (execution as { result?: unknown }).result
  if (!(pending instanceof Promise)) return undefined
  try {
    return (await pending) as ExecutionResult
  } catch {
    return undefined
  }
}
