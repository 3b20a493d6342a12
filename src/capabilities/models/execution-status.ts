import type { ExecutionStatus, NodeResult } from './execution.js'

/**
 * The status of a finished execution, by one rule (the table in
 * docs/execution.md):
 *
 * | the execution | status |
 * | --- | --- |
 * | was cancelled (`run.cancel()`, the caller's signal) | `cancelled` |
 * | ran past its own `timeoutMs` option | `timeout` |
 * | otherwise, every node succeeded (or there were none) | `success` |
 * | otherwise, no node succeeded | `failure` |
 * | otherwise | `partial` |
 *
 * Nodes that timed out or were cancelled one by one are nodes that did not
 * succeed: an execution whose every node hit its per-node `timeoutMs` is a
 * `failure`, since the execution itself was neither cancelled nor out of
 * time. A `skipped` node is not a success.
 *
 * @param stopped How the execution itself was stopped, if it was: by its
 * caller (`cancelled`) or by its own deadline (`timeout`).
 */
export function executionStatusOf(nodes: readonly NodeResult[], stopped?: 'cancelled' | 'timeout'): ExecutionStatus {
  if (stopped !== undefined) return stopped
  let succeeded = 0
  for (const node of nodes) if (node.status === 'success') succeeded++
  if (succeeded === nodes.length) return 'success'
  return succeeded === 0 ? 'failure' : 'partial'
}
