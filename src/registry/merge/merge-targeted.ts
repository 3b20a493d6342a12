import { randomUUID } from 'node:crypto'
import type { ExecutionResult, NodeResult } from '../../capabilities/models/execution.js'
import { executionStatusOf } from '../../capabilities/models/execution-status.js'
import type { SourceOutput } from './source-output.js'

/**
 * Merges the outputs of the providers a targeted invocation was split
 * across, plus failure entries for nodes no provider could take. Execution
 * results become one result with the status recomputed over every node;
 * other outputs have their arrays concatenated.
 */
export function mergeTargeted(capability: string, parts: SourceOutput[], failures: unknown[]): unknown {
  const first = parts[0]?.output
  if (parts.length === 1 && failures.length === 0) return first
  if (isExecutionResult(first) || (parts.length === 0 && failures.length > 0)) return mergeExecutions(capability, parts, failures as NodeResult[])
  const merged: Record<string, unknown[]> = {}
  for (const { output } of parts) {
    for (const [key, value] of Object.entries(output as Record<string, unknown>)) {
      if (Array.isArray(value)) (merged[key] ??= []).push(...value)
    }
  }
  if (failures.length > 0) (merged.nodes ??= []).push(...failures)
  return merged
}

function isExecutionResult(value: unknown): value is ExecutionResult {
  return value !== null && typeof value === 'object' && 'status' in value && 'nodes' in value && 'capability' in value
}

function mergeExecutions(capability: string, parts: SourceOutput[], failures: NodeResult[]): ExecutionResult {
  const results = parts.map((p) => p.output as ExecutionResult)
  const nodes = [...results.flatMap((r) => r.nodes), ...failures]
  const times = [...results.flatMap((r) => [r.startedAt, r.finishedAt]), ...failures.flatMap((f) => [f.startedAt, f.finishedAt])].sort()
  const startedAt = times[0] ?? new Date().toISOString()
  const finishedAt = times[times.length - 1] ?? startedAt
  return {
    id: results[0]?.id ?? randomUUID(),
    capability,
    plugins: [...new Set(results.flatMap((r) => r.plugins))].sort(),
    status: executionStatusOf(nodes),
    nodes,
    startedAt,
    finishedAt,
    durationMs: Date.parse(finishedAt) - Date.parse(startedAt),
  }
}
