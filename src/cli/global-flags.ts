import { CliUsageError } from './args/index.js'

/** Flags every command accepts, wherever they appear on the command line. */
export interface GlobalFlags {
  json: boolean
  ndjson: boolean
  /** `--config <file>`. */
  config?: string
  /** `--plugin <name>`: route to that plugin only. */
  plugin?: string
  /** `--no-color`. */
  noColor: boolean
  /** `--help` / `-h`. */
  help: boolean
  /** `--version`. */
  version: boolean
}

/** Names of the global flags, for suggestions, completion and docs. */
export const GLOBAL_FLAG_NAMES = ['json', 'ndjson', 'config', 'plugin', 'no-color', 'help', 'version'] as const

/**
 * Takes the global flags out of `argv`, leaving the command words and the
 * command's own flags in order. `--` ends flag processing, as usual.
 *
 * @throws CliUsageError for `--config` or `--plugin` without a value, or `--json` with `--ndjson`.
 */
export function extractGlobalFlags(argv: readonly string[]): { globals: GlobalFlags; rest: string[] } {
  const globals: GlobalFlags = { json: false, ndjson: false, noColor: false, help: false, version: false }
  const rest: string[] = []
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string
    if (arg === '--') {
      rest.push(...argv.slice(i))
      break
    }
    if (arg === '-h' || arg === '--help') globals.help = true
    else if (arg === '--json') globals.json = true
    else if (arg === '--ndjson') globals.ndjson = true
    else if (arg === '--no-color') globals.noColor = true
    // Only before any command word: `deploy execute --version 1.4.2` is the deployment's version.
    else if (arg === '--version' && rest.length === 0) globals.version = true
    else {
      const match = /^--(config|plugin)(?:=(.*))?$/.exec(arg)
      if (match === null) {
        rest.push(arg)
        continue
      }
      const name = match[1] as 'config' | 'plugin'
      let value = match[2]
      if (value === undefined) {
        const next = argv[i + 1]
        if (next === undefined || next.startsWith('--')) throw new CliUsageError(`--${name} needs a value`, { flag: name })
        value = next
        i += 1
      }
      if (value === '') throw new CliUsageError(`--${name} needs a value`, { flag: name })
      globals[name] = value
    }
  }
  if (globals.json && globals.ndjson) throw new CliUsageError('--json and --ndjson cannot be used together: pick one output format', { flag: 'ndjson' })
  return { globals, rest }
}
