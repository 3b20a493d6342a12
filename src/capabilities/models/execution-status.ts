import type { ExecutionStatus, NodeResult } from './execution.js'

/**
 * The status of a finished execution from its node results: `success` when
 * every node succeeded (also when there were no nodes: nothing failed),
 * `failure` when none did, `partial` otherwise. A `skipped` node is not a
 * success. Cancellation and the execution's own timeout are decided by the
 * executor, not here.
 */
export function executionStatusOf(nodes: readonly NodeResult[]): ExecutionStatus {
  let succeeded = 0
  for (const node of nodes) if (node.status === 'success') succeeded++
  if (succeeded === nodes.length) return 'success'
  return succeeded === 0 ? 'failure' : 'partial'
}
