import type { CliCommand, FlagSpec } from '../args/cli-command.js'
import type { CommandAlias } from '../args/command-aliases.js'
import { code, table } from './markdown.js'

/** The value a flag takes, as the usage line writes it: `<string>`, `<sh|bash>`, `<KEY=value|json|@file>`. */
function valueName(flag: FlagSpec): string {
  if (flag.choices !== undefined && flag.choices.length > 0 && flag.choices.length <= 6) return flag.choices.join('|')
  if (flag.type === 'object') return 'KEY=value|json|@file'
  const type = flag.type === 'array' ? (flag.itemType ?? 'value') : flag.type
  return type === 'object' || type === 'json' ? 'json|@file' : type
}

/** `--flag <value>`, `--flag <value>...` for arrays, `--[no-]flag` for booleans. */
export function flagUsage(flag: FlagSpec): string {
  if (flag.type === 'boolean') return `--[no-]${flag.name}`
  return `--${flag.name} <${valueName(flag)}>${flag.type === 'array' ? '...' : ''}`
}

/** The usage line: the command words, its required flags (the positional one as `<node>`), then `[flags]`. */
export function usageLine(command: CliCommand): string {
  const required = command.flags.filter((f) => f.required).map((f) => (f.name === command.positional ? `<${f.name}>` : flagUsage(f)))
  return ['capstan', command.type, command.operation, ...required, '[flags]'].join(' ')
}

/** What the flags table and help add to the description of the flag a command also takes as its argument. */
export function positionalNote(flag: FlagSpec, command: CliCommand): string {
  return flag.name === command.positional ? `also the command's argument, without --${flag.name}` : ''
}

/** The flag's type in words: `string[]` for arrays, `object (KEY=value, JSON or @file)`. */
function typeName(flag: FlagSpec): string {
  const base = flag.type === 'array' ? `${flag.itemType ?? 'value'}[]` : flag.type
  if (flag.type === 'object') return `${base} (KEY=value repeated, JSON or @file)`
  return flag.type === 'json' || flag.itemType === 'object' || flag.itemType === 'json' ? `${base} (JSON or @file)` : base
}

/** The row of one flag in the command's table. */
function flagRow(flag: FlagSpec, command: CliCommand): string[] {
  const usage = flag.type === 'boolean' ? `--${flag.name}, --no-${flag.name}` : `--${flag.name}`
  const note = flag.type === 'array' ? 'repeat the flag or give a comma list' : positionalNote(flag, command)
  const notes = note === '' ? '' : ` (${note})`
  return [
    code(usage),
    typeName(flag),
    flag.default === undefined ? '' : code(JSON.stringify(flag.default)),
    flag.required ? 'yes' : '',
    `${flag.description ?? ''}${notes}`.trim(),
    (flag.choices ?? []).map(code).join(', '),
  ]
}

/** The Markdown section of one command: heading, usage, description, aliases, flags, examples. */
export function commandSection(command: CliCommand, aliases: readonly CommandAlias[] = []): string[] {
  const lines = [`### capstan ${command.type} ${command.operation}`, '', '```sh', usageLine(command), '```', '', command.description.trim(), '']
  const facts = [`Capability ${code(command.id)}`, `kind ${code(command.kind)}`]
  if (aliases.length > 0) facts.push(`also ${aliases.map((a) => code(`capstan ${a.words.join(' ')}`)).join(', ')}`)
  if (command.execution) facts.push('runs on the execution engine (per-node output, progress, exit code 1 when a node fails)')
  if (command.providers.length > 0) facts.push(`provided by ${command.providers.map(code).join(', ')}`)
  lines.push(`${facts.join(' · ')}.`, '')
  if (command.flags.length === 0) lines.push('No flags of its own; the [global flags](#global-flags) apply.', '')
  else lines.push(...table(['Flag', 'Type', 'Default', 'Required', 'Description', 'Choices'], command.flags.map((flag) => flagRow(flag, command))), '')
  if (command.examples.length > 0) lines.push('```sh', ...command.examples, '```', '')
  return lines
}
