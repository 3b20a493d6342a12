import { dirname } from 'node:path'
import type { CliCommand } from './args/cli-command.js'
import type { CliIo } from './cli-io.js'
import { findConfig } from './config/find-config.js'
import { generatedCommands } from './generated/cli-commands.js'
import type { GlobalFlags } from './global-flags.js'
import { thrownMessage } from '../errors/thrown-message.js'

/**
 * The commands help and parsing work from, without starting anything: the
 * static model generated from the core's descriptors (scripts/generate-cli.ts),
 * with the examples and providers the configured plugins' plugin.json files
 * declare. A configuration that cannot be read costs only those extras, with
 * a warning on stderr (unless `warn` is false): help must work even then. A
 * command about to run passes `warn: false`, as running it reports the same
 * problem as its error.
 */
export async function staticCommands(io: CliIo, globals: GlobalFlags, { warn = true }: { warn?: boolean } = {}): Promise<CliCommand[]> {
  const commands = generatedCommands.map((command) => ({ ...command, examples: [...command.examples], providers: [...command.providers] }))
  try {
    const path = await findConfig(io.cwd, globals.config)
    if (path === undefined) return commands
    // Only with a configuration file: reading and checking it loads zod.
    const { readConfig, pluginManifests } = await import('./config/index.js')
    const config = await readConfig(path)
    const manifests = await pluginManifests(config, dirname(path))
    const byId = new Map(commands.map((c) => [c.id, c]))
    for (const { manifest } of manifests) {
      for (const id of manifest.capabilities) byId.get(id)?.providers.push(manifest.name)
      // What a plugin serves through another capability it implements, as the descriptors say.
      for (const command of commands) {
        if (command.derivedFrom !== undefined && manifest.capabilities.includes(command.derivedFrom) && !command.providers.includes(manifest.name)) command.providers.push(manifest.name)
      }
      for (const [id, hint] of Object.entries(manifest.cli?.hints ?? {})) {
        const command = byId.get(id)
        if (command !== undefined) for (const example of hint.examples ?? []) if (!command.examples.includes(example)) command.examples.push(example)
      }
    }
    // Capability types the plugins contribute: only when one does, as it imports that plugin's module.
    if (manifests.some(({ manifest }) => manifest.contributes.length > 0)) {
      const { contributedCommands } = await import('./config/contributed-commands.js')
      const known = new Set(commands.map((c) => c.id))
      for (const command of await contributedCommands(manifests)) if (!known.has(command.id)) commands.push(command)
    }
    return config.local === false ? withoutLocal(commands) : commands
  } catch (error) {
    if (warn) io.stderr.write(`warning: ${thrownMessage(error)} (help shows the built-in commands only)\n`)
    return commands
  }
}

/** The commands as they are with the built-in local plugin switched off (`local: false`). */
function withoutLocal(commands: CliCommand[]): CliCommand[] {
  for (const command of commands) command.providers = command.providers.filter((plugin) => plugin !== 'local')
  return commands
}
