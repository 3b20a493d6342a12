import type { CliCommand } from '../args/cli-command.js'
import { activeAliases } from '../args/command-aliases.js'
import { cliDocsIntro } from './cli-docs-intro.js'
import { commandSection } from './command-section.js'
import { anchor, code, table } from './markdown.js'

/** Types in first-seen order, each with its commands. */
function byType(commands: readonly CliCommand[]): Map<string, CliCommand[]> {
  const types = new Map<string, CliCommand[]>()
  for (const command of commands) types.set(command.type, [...(types.get(command.type) ?? []), command])
  return types
}

/**
 * docs/cli.md: the intro (configuration discovery, output modes, exit codes,
 * global flags, built-in commands), then one section per type and, in it, one
 * per command with its usage line, description, flag table (flag, type,
 * default, required, description, choices) and examples. Deterministic: the
 * same commands always give the same text, so a test can tell when the
 * committed file is stale.
 */
export function renderCliDocs(commands: readonly CliCommand[]): string {
  const types = byType(commands)
  const lines = [...cliDocsIntro(), '## Commands', '']
  for (const [type, list] of types) {
    lines.push(`- [${type}](#${anchor(type)}): ${list.map((c) => `[${code(c.operation)}](#${anchor(`capstan ${c.type} ${c.operation}`)})`).join(', ')}`)
  }
  lines.push('')
  const aliases = activeAliases(commands)
  if (aliases.length > 0) {
    lines.push('## Aliases', '', 'Other spellings of a command, for the words Bolt and Puppet users type. A typo of one gets the same "did you mean" as any command.', '')
    lines.push(...table(['Alias', 'Runs', 'Why'], aliases.map((a) => [code(`capstan ${a.words.join(' ')}`), code(`capstan ${a.command.join(' ')}`), a.why])), '')
  }
  for (const [type, list] of types) {
    lines.push(`## ${type}`, '')
    for (const command of list) lines.push(...commandSection(command, aliases.filter((a) => a.command[0] === command.type && a.command[1] === command.operation)))
  }
  return `${lines.join('\n').trimEnd()}\n`
}
