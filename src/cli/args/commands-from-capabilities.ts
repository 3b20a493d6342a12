import type { CapabilityInfo } from '../../host/capability-info.js'
import type { CliCommand } from './cli-command.js'
import { exampleCommand } from './example-command.js'
import { flagsFromSchema } from './flags-from-schema.js'
import { kebabCase } from './kebab-case.js'
import { positionalFlagOf } from './positional-flag.js'
import { rolloutFlagsBeside } from './rollout-flags.js'

/** What {@link commandsFromCapabilities} needs of a capability: `capstan.capabilities()` entries fit, with or without providers. */
export type CapabilitySummary = Pick<CapabilityInfo, 'id' | 'description' | 'kind' | 'routing' | 'inputSchema'> & Partial<Pick<CapabilityInfo, 'derivedFrom'>> & {
  providers?: Array<{ plugin: string }>
}

/** Extra examples per capability id, as plugin.json `cli.hints` declares them. */
export type CliHints = Record<string, { examples?: string[] }>

/**
 * One `capstan <type> <operation>` command per capability: the type is the
 * id before its first dot, the operation the rest in kebab-case
 * (`command.execute` → `capstan command execute`), flags from the input
 * schema (and for executions the rollout flags, `rolloutFlags`), the flag it also takes positionally (a required `node`), and examples — a generated one first, then the hints' — without
 * duplicates.
 *
 * Commands are sorted stably by catalog order: by each id's place in
 * `order` (pass `capabilityCatalog.map((d) => d.id)`), ids not in it after
 * the others in the order given. Without `order` the given order is kept —
 * `capstan.capabilities()` already lists capabilities in catalog order. The
 * catalog is a parameter rather than an import so that the CLI can call this
 * without loading Zod or any descriptor.
 */
export function commandsFromCapabilities(infos: readonly CapabilitySummary[], hints: CliHints = {}, order: readonly string[] = []): CliCommand[] {
  const commands = infos.map((info): CliCommand => {
    const dot = info.id.indexOf('.')
    const type = dot === -1 ? info.id : info.id.slice(0, dot)
    const operation = dot === -1 ? '' : info.id.slice(dot + 1).split('.').map(kebabCase).join('-')
    const execution = 'execution' in info.routing && info.routing.execution === true
    const own = flagsFromSchema(info.inputSchema)
    // Executions also take the rollout option's flags, after their own.
    const flags = execution ? [...own, ...rolloutFlagsBeside(own)] : own
    const positional = positionalFlagOf(own)
    const examples = [exampleCommand(type, operation, own, positional), ...(hints[info.id]?.examples ?? [])]
    return {
      id: info.id,
      type,
      operation,
      description: info.description,
      kind: info.kind,
      execution,
      flags,
      ...(positional === undefined ? {} : { positional }),
      ...(info.derivedFrom === undefined ? {} : { derivedFrom: info.derivedFrom.capability }),
      examples: [...new Set(examples)],
      providers: (info.providers ?? []).map((p) => p.plugin),
    }
  })
  const rank = new Map(order.map((id, index) => [id, index]))
  return commands
    .map((command, index) => ({ command, index, rank: rank.get(command.id) ?? order.length }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ command }) => command)
}
