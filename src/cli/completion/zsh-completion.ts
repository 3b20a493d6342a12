import type { CliCommand, FlagSpec } from '../args/cli-command.js'
import { BUILT_IN_WORDS, commandsByType, firstLine, flagValueCompletion, GLOBAL_FLAG_WORDS } from './completion-words.js'
import { shellQuote } from './shell-quote.js'

/** Text inside an `_arguments` `[explanation]` or `:message`: brackets and colons escaped. */
function specText(text: string): string {
  return text.replace(/[\\[\]:]/g, (c) => `\\${c}`)
}

/** A `name:description` entry for `_describe`: colons in the name escaped. */
function describeEntry(name: string, description: string): string {
  return shellQuote(`${name.replaceAll(':', '\\:')}:${firstLine(description)}`)
}

/** One value of a `(a b c)` action: spaces and parentheses escaped. */
function choiceWord(value: string): string {
  return value.replace(/[\\\s()'"`$]/g, (c) => `\\${c}`)
}

/** The `_arguments` specs of one command flag (two for a boolean: `--flag` and `--no-flag`). */
function flagSpecs(flag: FlagSpec): string[] {
  const text = specText(firstLine(flag.description) || flag.property)
  if (flag.type === 'boolean') {
    const excl = `(--${flag.name} --no-${flag.name})`
    return [`${excl}--${flag.name}[${text}]`, `${excl}--no-${flag.name}[not: ${text}]`]
  }
  const value = flagValueCompletion(flag)
  const action = value.kind === 'choices' ? `(${value.choices.map(choiceWord).join(' ')})` : value.kind === 'file' ? '_files' : ' '
  const repeat = flag.type === 'array' ? '*' : ''
  return [`${repeat}--${flag.name}=[${text}]:${specText(flag.name)}:${action}`]
}

/** The `_arguments` specs of the global flags. */
function globalSpecs(): string[] {
  return GLOBAL_FLAG_WORDS.map((flag) => {
    const excl = flag.excludes === undefined ? '' : `(${flag.excludes.map((e) => `--${e}`).join(' ')})`
    const head = flag.name === 'help' ? '(- *)' : excl
    const value = flag.value === 'file' ? `:${flag.name}:_files` : flag.value === 'text' ? `:${flag.name}: ` : ''
    return `${head}--${flag.name}${value === '' ? '' : '='}[${specText(flag.description)}]${value}`
  })
}

/** Lines of a `local -a name=( ... )` array, one quoted entry a line. */
function arrayLines(indent: string, name: string, entries: string[]): string[] {
  return [`${indent}local -a ${name}=(`, ...entries.map((e) => `${indent}  ${e}`), `${indent})`]
}

/**
 * The zsh completion script for `capstan` (`#compdef capstan`), generated from
 * the command model: `_describe` lists types and operations with their
 * descriptions, `_arguments` each command's flags with their descriptions,
 * enum choices, and files after `--config` and object flags.
 *
 * Load it with `source <(capstan completion zsh)` after `compinit`, or save it
 * as `_capstan` in a directory on `$fpath`.
 */
export function zshCompletion(commands: readonly CliCommand[]): string {
  const byType = commandsByType(commands)
  const globals = globalSpecs().map(shellQuote).join(' \\\n    ')
  // After `capstan help`, only types (and then their operations) make sense.
  const helpTypes = arrayLines('', '_capstan_help_types', [...byType].map(([type, list]) => describeEntry(type, list.map((c) => c.operation).join(', '))))
  const lines = [
    '#compdef capstan',
    '# zsh completion for capstan, generated from its capability descriptors.',
    '#   source <(capstan completion zsh)      (after compinit)',
    '# or save it as _capstan in a directory on $fpath.',
    '',
    '_capstan_types() {',
    ...arrayLines('  ', 'types', [...[...byType].map(([type, list]) => describeEntry(type, `${list.length === 1 ? list[0]!.description : list.map((c) => c.operation).join(', ')}`)), ...BUILT_IN_WORDS.map((b) => describeEntry(b.name, b.description))]),
    "  _describe -t commands 'capstan command' types",
    '}',
    '',
    '_capstan_operations() {',
    '  case $1 in',
  ]
  for (const [type, list] of byType) {
    lines.push(`    ${shellQuote(type)})`, ...arrayLines('      ', 'operations', list.map((c) => describeEntry(c.operation, c.description))), `      _describe -t operations ${shellQuote(`${type} operation`)} operations ;;`)
  }
  lines.push('    *) return 1 ;;', '  esac', '}', '', '_capstan_command_flags() {', '  case $1 in')
  for (const command of commands) {
    const specs = command.flags.flatMap(flagSpecs).map(shellQuote)
    lines.push(`    ${shellQuote(`${command.type} ${command.operation}`)})`, '      _arguments -S \\', ...specs.map((s) => `        ${s} \\`), '        "${_capstan_globals[@]}" ;;')
  }
  lines.push(
    '    *) _arguments -S "${_capstan_globals[@]}" ;;',
    '  esac',
    '}',
    '',
    '_capstan() {',
    '  local curcontext=$curcontext state state_descr line ret=1',
    '  typeset -A opt_args',
    ...helpTypes.map((l) => `  ${l}`),
    `  local -a _capstan_globals=(${globals})`,
    "  _arguments -C -S \"${_capstan_globals[@]}\" ': :->type' '*:: :->rest' && ret=0",
    '  case $state in',
    '    type) _capstan_types && ret=0 ;;',
    '    rest)',
    '      local type=$words[1]',
    '      case $type in',
    '        help)',
    '          if (( CURRENT == 2 )); then',
    "            _describe -t commands 'command type' _capstan_help_types && ret=0",
    '          elif (( CURRENT == 3 )); then',
    '            _capstan_operations $words[2] && ret=0',
    '          fi ;;',
    ...BUILT_IN_WORDS.filter((b) => b.args !== undefined).map((b) => `        ${shellQuote(b.name)}) (( CURRENT == 2 )) && _values ${shellQuote(b.name)} ${(b.args ?? []).map(shellQuote).join(' ')} && ret=0 ;;`),
    `        ${BUILT_IN_WORDS.filter((b) => b.args === undefined && b.name !== 'help').map((b) => shellQuote(b.name)).join('|')}) _arguments -S "\${_capstan_globals[@]}" && ret=0 ;;`,
    '        *)',
    '          if (( CURRENT == 2 )); then',
    '            _capstan_operations $type && ret=0',
    '          else',
    '            local op=$words[2]',
    '            shift words',
    '            (( CURRENT-- ))',
    '            curcontext="${curcontext%:*:*}:capstan-$type-$op:"',
    '            _capstan_command_flags "$type $op" && ret=0',
    '          fi ;;',
    '      esac ;;',
    '  esac',
    '  return ret',
    '}',
    '',
  )
  // Autoloaded from $fpath the file is the function's body; sourced, it registers itself.
  lines.push('if [[ $funcstack[1] == _capstan ]]; then', '  _capstan "$@"', 'else', '  compdef _capstan capstan', 'fi', '')
  return lines.join('\n')
}
