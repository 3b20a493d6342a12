import type { NodeFacts } from '../../capabilities/models/facts.js'
import type { SourceOutput } from './source-output.js'

/**
 * Facts from several providers, in priority order: a top-level fact comes
 * from the first provider that has it, and `factSources` says which one.
 */
export function mergeFacts(parts: SourceOutput[], node: string): NodeFacts {
  const facts: Record<string, unknown> = {}
  const factSources: Record<string, string> = {}
  let gatheredAt = ''
  for (const { plugin, output } of parts) {
    const one = output as NodeFacts
    if (one.gatheredAt > gatheredAt) gatheredAt = one.gatheredAt
    for (const [name, value] of Object.entries(one.facts)) {
      if (name in facts) continue
      facts[name] = value
      factSources[name] = plugin
    }
  }
  return { node, source: parts.length === 1 ? (parts[0]?.plugin ?? 'merged') : 'merged', gatheredAt, facts, factSources }
}
