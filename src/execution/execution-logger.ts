import type { ExecutionResult } from '../capabilities/models/execution.js'
import type { Logger } from '../capabilities/provider-context.js'

/**
 * Writes the history of an execution through the host's logger: one record
 * per node and one for the execution. Commands, scripts, environment and
 * task parameters are never logged: they may hold secrets.
 */
export class ExecutionLogger {
  readonly #logger: Logger

  constructor(logger: Logger) {
    this.#logger = logger.child({ component: 'execution' })
  }

  finished(result: ExecutionResult, principal?: string): void {
    for (const node of result.nodes) {
      this.#logger.info(
        { executionId: result.id, capability: result.capability, node: node.node, status: node.status, exitCode: node.exitCode, durationMs: node.durationMs, ...(node.error === undefined ? {} : { error: node.error.code }) },
        'node finished',
      )
    }
    const counts: Record<string, number> = {}
    for (const node of result.nodes) counts[node.status] = (counts[node.status] ?? 0) + 1
    this.#logger.info(
      { executionId: result.id, capability: result.capability, plugins: result.plugins, status: result.status, nodes: counts, durationMs: result.durationMs, ...(principal === undefined ? {} : { principal }) },
      'execution finished',
    )
  }

  failed(executionId: string, capability: string, code: string, principal?: string): void {
    this.#logger.warn({ executionId, capability, error: code, ...(principal === undefined ? {} : { principal }) }, 'execution refused')
  }
}
