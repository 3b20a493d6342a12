import type { SourceOutput } from './source-output.js'

/**
 * Merges the outputs of the providers a targeted invocation was split
 * across: array properties are concatenated, and the failure entries of
 * nodes no provider could take are added to `nodes`. (Executions do not come
 * here: the execution engine builds their results.)
 */
export function mergeTargeted(parts: SourceOutput[], failures: unknown[]): unknown {
  if (parts.length === 1 && failures.length === 0) return parts[0]?.output
  const merged: Record<string, unknown[]> = {}
  for (const { output } of parts) {
    for (const [key, value] of Object.entries(output as Record<string, unknown>)) {
      if (Array.isArray(value)) (merged[key] ??= []).push(...value)
    }
  }
  if (failures.length > 0) (merged.nodes ??= []).push(...failures)
  return merged
}
