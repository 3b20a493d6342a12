import type { MergeStrategy } from '../../capabilities/capability.js'
import { concatOutputs } from './concat-outputs.js'
import { mergeFacts } from './merge-facts.js'
import { mergeGroupLists, mergeNodeLists, mergeSingleNode } from './merge-nodes.js'
import type { SourceOutput } from './source-output.js'

/** Merges provider outputs with the strategy a descriptor names. */
export function mergeOutputs(strategy: MergeStrategy, parts: SourceOutput[], input: Record<string, unknown>): Record<string, unknown> {
  switch (strategy) {
    case 'nodes':
      return mergeNodeLists(parts)
    case 'node':
      return mergeSingleNode(parts, String(input.node))
    case 'groups':
      return mergeGroupLists(parts)
    case 'concat':
      return concatOutputs(parts)
    case 'facts':
      return mergeFacts(parts, String(input.node))
  }
}

/** How many items an output holds: the length of its first array, or 1/0 for a single item. */
export function countItems(output: unknown): number {
  if (output === null || typeof output !== 'object') return 0
  const values = Object.values(output)
  const list = values.find(Array.isArray)
  if (list !== undefined) return list.length
  return values.some((v) => v !== null && v !== undefined) ? 1 : 0
}
