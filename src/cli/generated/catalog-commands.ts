import { capabilityCatalog } from '../../capabilities/catalog.js'
import { describeCapability } from '../../host/capability-info.js'
import { localPlugin } from '../../local/index.js'
import { withDerivedHandlers } from '../../registry/derived-handlers.js'
import type { CliCommand } from '../args/cli-command.js'
import { commandsFromCapabilities } from '../args/index.js'

/**
 * The commands the CLI and docs/cli.md are generated with: one per capability in the core's
 * catalog, generated from its descriptor with no plugin loaded, and `local`
 * as the provider of those the built-in local plugin serves (what works with
 * no configuration). Used by scripts/generate-cli.ts and its staleness
 * test; never imported by the CLI (it needs zod and the descriptors).
 */
export function catalogCommands(): CliCommand[] {
  const commands = commandsFromCapabilities(capabilityCatalog.map((descriptor) => describeCapability(descriptor, [])))
  const local = new Set(Object.keys(withDerivedHandlers(localPlugin().capabilities(), capabilityCatalog)))
  return commands.map((command) => (local.has(command.id) && !command.providers.includes('local') ? { ...command, providers: ['local', ...command.providers] } : command))
}
