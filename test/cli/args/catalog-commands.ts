import { capabilityCatalog } from '../../../src/capabilities/catalog.js'
import { describeCapability } from '../../../src/host/capability-info.js'
import { commandsFromCapabilities, type CliCommand, type FlagSpec } from '../../../src/cli/args/index.js'

/** The commands generated from the real catalog, as the CLI builds them. */
export const catalogCommands: CliCommand[] = commandsFromCapabilities(capabilityCatalog.map((d) => describeCapability(d, [])))

/** The generated command of a capability id; throws when there is none, so a test cannot pass vacuously. */
export function commandOf(id: string): CliCommand {
  const command = catalogCommands.find((c) => c.id === id)
  if (command === undefined) throw new Error(`no command for ${id}`)
  return command
}

/** One flag of a generated command by its flag name. */
export function flagOf(id: string, name: string): FlagSpec {
  const flag = commandOf(id).flags.find((f) => f.name === name)
  if (flag === undefined) throw new Error(`no flag --${name} on ${id}`)
  return flag
}
