import type { SourceOutput } from './source-output.js'

/**
 * Concatenates every array property of the outputs; object items without a
 * `source` get the plugin's name, so a merged list still says where each item came from.
 */
export function concatOutputs(parts: SourceOutput[]): Record<string, unknown> {
  const merged: Record<string, unknown[]> = {}
  for (const { plugin, output } of parts) {
    for (const [key, value] of Object.entries(output as Record<string, unknown>)) {
      if (!Array.isArray(value)) continue
      const items = value.map((item: unknown) =>
        item !== null && typeof item === 'object' && !Array.isArray(item) && !('source' in item) ? { ...item, source: plugin } : item,
      )
      ;(merged[key] ??= []).push(...items)
    }
  }
  return merged
}
