import type { CliCommand, FlagSpec } from '../args/cli-command.js'
import type { CommandAlias } from '../args/command-aliases.js'
import { flagUsage, positionalNote, usageLine } from '../docs/command-section.js'
import type { Style } from '../render/index.js'

/** What `capstan --help` says about the global flags. */
const GLOBAL_FLAGS_HELP: Array<[string, string]> = [
  ['--json', 'print the result as one JSON document'],
  ['--ndjson', 'print every execution event (or stream item) as one JSON line as it arrives'],
  ['--config <file>', 'configuration file (default: capstan.config.{mjs,js,json,yaml} found upward)'],
  ['--plugin <name>', 'route the call to this plugin only'],
  ['--no-color', 'no colours (also when NO_COLOR is set or stdout is not a terminal)'],
  ['-h, --help', 'help for any command'],
]

function columns(rows: Array<[string, string]>, indent = '  '): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length))
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`.trimEnd())
}

/** The types in catalog order, each with its commands. */
function byType(commands: readonly CliCommand[]): Map<string, CliCommand[]> {
  const types = new Map<string, CliCommand[]>()
  for (const command of commands) types.set(command.type, [...(types.get(command.type) ?? []), command])
  return types
}

/** `capstan --help`: every generated command, grouped by type, plus the built-in ones. */
export function mainHelp(commands: readonly CliCommand[], style: Style, version: string, aliases: readonly CommandAlias[] = []): string {
  const lines = [`${style.bold('capstan')} ${version}: infrastructure through one typed surface`, '', `${style.bold('Usage:')} capstan <type> <operation> [flags]`, '']
  for (const [type, list] of byType(commands)) {
    lines.push(style.bold(type))
    lines.push(...columns(list.map((c) => [`capstan ${c.type} ${c.operation}`, c.description])))
  }
  lines.push('', style.bold('Other commands'))
  lines.push(
    ...columns([
      ['capstan plugins', 'loaded plugins, their state and version'],
      ['capstan health', 'health of every plugin'],
      ['capstan capabilities', 'capability ids, kinds and providers'],
      ['capstan completion bash|zsh', 'shell completion script'],
      ['capstan help [<type> [<operation>]]', 'this help, or a command\'s'],
    ]),
  )
  if (aliases.length > 0) {
    lines.push('', style.bold('Aliases'))
    lines.push(...columns(aliases.map((a) => [`capstan ${a.words.join(' ')}`, `= capstan ${a.command.join(' ')} (${a.why})`])))
  }
  lines.push('', style.bold('Global flags'), ...columns(GLOBAL_FLAGS_HELP))
  lines.push('', 'Exit codes: 0 success, 1 a node failed, 2 usage or validation error, 3 any other error, 130 interrupted (Ctrl-C; 143 SIGTERM, 129 SIGHUP).', '')
  return lines.join('\n')
}

/** `capstan <type> --help`: the operations of one type. */
export function typeHelp(type: string, commands: readonly CliCommand[], style: Style): string {
  const list = commands.filter((c) => c.type === type)
  const lines = [`${style.bold('Usage:')} capstan ${type} <operation> [flags]`, '', style.bold('Operations'), ...columns(list.map((c) => [c.operation, c.description]))]
  const examples = list.flatMap((c) => c.examples.slice(0, 1))
  if (examples.length > 0) lines.push('', style.bold('Examples'), ...examples.map((e) => `  ${e}`))
  lines.push('', `Run \`capstan ${type} <operation> --help\` for its flags.`, '')
  return lines.join('\n')
}

function flagDescription(flag: FlagSpec, command: CliCommand): string {
  const parts = [flag.description ?? '', positionalNote(flag, command)]
  if (flag.choices !== undefined && flag.choices.length > 6) parts.push(`one of: ${flag.choices.join(', ')}`)
  if (flag.default !== undefined) parts.push(`default: ${JSON.stringify(flag.default)}`)
  if (flag.type === 'array') parts.push('repeat or comma-separate')
  if (flag.type === 'object') parts.push('repeat for more KEY=value pairs')
  if (flag.required) parts.push('required')
  return parts.filter((p) => p !== '').join('; ')
}

/** `capstan <type> <operation> --help`: usage, description, flags, examples. */
export function commandHelp(command: CliCommand, style: Style, aliases: readonly CommandAlias[] = []): string {
  const usage = command.positional === undefined ? `capstan ${command.type} ${command.operation} [flags]` : usageLine(command)
  const lines = [`${style.bold('Usage:')} ${usage}`, '', command.description]
  if (aliases.length > 0) lines.push(`Also: ${aliases.map((a) => `capstan ${a.words.join(' ')}`).join(', ')}`)
  if (command.providers.length > 0) lines.push(`Provided by: ${command.providers.join(', ')}`)
  lines.push('', style.bold('Flags'))
  lines.push(...(command.flags.length === 0 ? ['  (none)'] : columns(command.flags.map((f) => [flagUsage(f), flagDescription(f, command)]))))
  lines.push('', style.bold('Global flags'), ...columns(GLOBAL_FLAGS_HELP))
  if (command.examples.length > 0) lines.push('', style.bold('Examples'), ...command.examples.map((e) => `  ${e}`))
  lines.push('')
  return lines.join('\n')
}
