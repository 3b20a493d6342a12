import type { FlagSpec } from './cli-command.js'

/**
 * Input properties a command also takes as its one positional argument when
 * its input requires them: the node of `capstan facts get web01`. A rule on
 * the input schema, so a plugin's capability with a required `node` gets it
 * too, and no command is singled out by id.
 */
export const POSITIONAL_PROPERTIES: readonly string[] = ['node']

/** The flag a command takes positionally: the first of {@link POSITIONAL_PROPERTIES} its input requires as a string; undefined for none. */
export function positionalFlagOf(flags: readonly FlagSpec[]): string | undefined {
  for (const property of POSITIONAL_PROPERTIES) {
    const flag = flags.find((f) => f.property === property && f.required && f.type === 'string')
    if (flag !== undefined) return flag.name
  }
  return undefined
}
