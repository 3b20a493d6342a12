import type { CliCommand, FlagSpec } from '../args/cli-command.js'
import { BUILT_IN_WORDS, commandsByType, flagValueCompletion, GLOBAL_FLAG_WORDS } from './completion-words.js'
import { shellQuote, shellWords } from './shell-quote.js'

/** `--flag`, or `--flag` and `--no-flag` for a boolean. */
function flagWords(flag: FlagSpec): string[] {
  return flag.type === 'boolean' ? [`--${flag.name}`, `--no-${flag.name}`] : [`--${flag.name}`]
}

/** Generated: the operations of each type, for `capstan <type> <TAB>` and `capstan help <type> <TAB>`. */
function operationsFunction(commands: readonly CliCommand[]): string[] {
  const lines = ['_capstan_operations() {', '  case $1 in']
  for (const [type, list] of commandsByType(commands)) lines.push(`    ${shellQuote(type)}) _capstan_reply "$2" ${shellWords(list.map((c) => c.operation))} ;;`)
  lines.push('  esac', '}')
  return lines
}

/** Generated: the flags of each command; arrays may repeat, other flags are offered once. */
function flagsFunction(commands: readonly CliCommand[]): string[] {
  const lines = ['_capstan_flags() {', '  case $1 in']
  for (const command of commands) {
    const once = command.flags.filter((f) => f.type !== 'array').flatMap(flagWords)
    const repeated = command.flags.filter((f) => f.type === 'array').flatMap(flagWords)
    const calls = [...(once.length > 0 ? [`_capstan_reply_new "$2" ${shellWords(once)}`] : []), ...(repeated.length > 0 ? [`_capstan_reply "$2" ${shellWords(repeated)}`] : [])]
    if (calls.length > 0) lines.push(`    ${shellQuote(`${command.type} ${command.operation}`)}) ${calls.join('; ')} ;;`)
  }
  lines.push('  esac', '}')
  return lines
}

/** Generated: completes the value after a command's flag; fails (status 1) for a flag that takes none. */
function flagValueFunction(commands: readonly CliCommand[]): string[] {
  const lines = ['_capstan_flag_value() {', '  case $1 in']
  for (const command of commands) {
    const branches: string[] = []
    for (const flag of command.flags) {
      const value = flagValueCompletion(flag)
      if (value.kind === 'none') continue
      const action = value.kind === 'choices' ? `_capstan_reply "$3" ${shellWords(value.choices)}` : value.kind === 'file' ? '_capstan_files "$3"' : ':'
      branches.push(`        ${shellQuote(`--${flag.name}`)}) ${action}; return 0 ;;`)
    }
    if (branches.length > 0) lines.push(`    ${shellQuote(`${command.type} ${command.operation}`)})`, '      case $2 in', ...branches, '      esac ;;')
  }
  lines.push('  esac', '  return 1', '}')
  return lines
}

/** The fixed part: helpers and the dispatch on the command words typed so far. */
function mainFunction(commands: readonly CliCommand[]): string[] {
  const globals = GLOBAL_FLAG_WORDS.map((f) => `--${f.name}`)
  const withValue = GLOBAL_FLAG_WORDS.filter((f) => f.value !== 'none').map((f) => `--${f.name}`)
  const switches = GLOBAL_FLAG_WORDS.filter((f) => f.value === 'none').map((f) => `--${f.name}`)
  const types = [...commandsByType(commands).keys()]
  const builtIns = BUILT_IN_WORDS.map((b) => b.name)
  const builtInArgs = BUILT_IN_WORDS.filter((b) => b.args !== undefined).map((b) => `    ${shellQuote(b.name)}) (( \${#words[@]} == 1 )) && _capstan_reply "$cur" ${shellWords(b.args ?? [])} ;;`)
  return [
    '# Adds each word (after the first argument, the prefix typed) that starts with the prefix.',
    '_capstan_reply() {',
    '  local prefix=$1 word',
    '  shift',
    '  for word in "$@"; do',
    '    [[ $word == "$prefix"* ]] && COMPREPLY+=("$_capstan_pre$word")',
    '  done',
    '  return 0',
    '}',
    '',
    '# As _capstan_reply, leaving out flags already on the command line.',
    '_capstan_reply_new() {',
    '  local prefix=$1 word seen i',
    '  shift',
    '  for word in "$@"; do',
    '    seen=0',
    '    for (( i = 1; i < COMP_CWORD; i++ )); do [[ ${COMP_WORDS[i]} == "$word" || ${COMP_WORDS[i]} == "$word="* ]] && seen=1; done',
    '    (( seen )) || [[ $word != "$prefix"* ]] || COMPREPLY+=("$_capstan_pre$word")',
    '  done',
    '  return 0',
    '}',
    '',
    '# File names, also after "@" (objects take JSON or @file.json).',
    '_capstan_files() {',
    '  local prefix=$1 at="" file',
    '  if [[ $prefix == @* ]]; then at=@; prefix=${prefix#@}; fi',
    '  while IFS= read -r file; do COMPREPLY+=("$_capstan_pre$at$file"); done < <(compgen -f -- "$prefix")',
    '  compopt -o filenames 2>/dev/null',
    '  return 0',
    '}',
    '',
    '_capstan() {',
    '  COMPREPLY=()',
    '  local cur=${COMP_WORDS[COMP_CWORD]} prev="" flag="" _capstan_pre="" i word',
    '  (( COMP_CWORD > 0 )) && prev=${COMP_WORDS[COMP_CWORD-1]}',
    '  # The flag whose value is being typed: `--flag value`, or `--flag=value` as one word or split at "=".',
    '  if [[ $cur == --*=* ]]; then flag=${cur%%=*}; _capstan_pre="$flag="; cur=${cur#*=}',
    '  elif [[ $cur == "=" && $prev == --* ]]; then flag=$prev; cur=""',
    '  elif [[ $prev == "=" ]] && (( COMP_CWORD > 1 )); then flag=${COMP_WORDS[COMP_CWORD-2]}',
    '  elif [[ $prev == --* ]]; then flag=$prev',
    '  fi',
    '  # The command words: words before the first flag that is not a global one (as the CLI reads them).',
    '  local -a words=()',
    '  for (( i = 1; i < COMP_CWORD; i++ )); do',
    '    word=${COMP_WORDS[i]}',
    '    case $word in',
    `      ${withValue.map(shellQuote).join('|')}) [[ \${COMP_WORDS[i+1]} == "=" ]] && (( i++ )); (( i++ )) ;;`,
    `      ${switches.map(shellQuote).join('|')}|-h|--*=*) ;;`,
    '      -*) break ;;',
    '      *) words+=("$word") ;;',
    '    esac',
    '  done',
    '  local type=${words[0]-} op=${words[1]-}',
    '  if [[ -n $flag ]]; then',
    '    case $flag in',
    `      ${GLOBAL_FLAG_WORDS.filter((f) => f.value === 'file').map((f) => shellQuote(`--${f.name}`)).join('|')}) _capstan_files "$cur"; return 0 ;;`,
    `      ${GLOBAL_FLAG_WORDS.filter((f) => f.value === 'text').map((f) => shellQuote(`--${f.name}`)).join('|')}) return 0 ;;`,
    '    esac',
    '    (( ${#words[@]} >= 2 )) && _capstan_flag_value "$type $op" "$flag" "$cur" && return 0',
    '    _capstan_pre=""',
    '  fi',
    '  if (( ${#words[@]} == 0 )); then',
    '    if [[ $cur == -* ]]; then',
    `      _capstan_reply "$cur" ${shellWords(globals)}`,
    '    else',
    `      _capstan_reply "$cur" ${shellWords([...types, ...builtIns])}`,
    '    fi',
    '    return 0',
    '  fi',
    '  case $type in',
    '    help)',
    '      if (( ${#words[@]} == 1 )); then',
    `        _capstan_reply "$cur" ${shellWords(types)}`,
    '      elif (( ${#words[@]} == 2 )); then',
    '        _capstan_operations "$op" "$cur"',
    '      fi ;;',
    ...builtInArgs,
    '    *)',
    '      if (( ${#words[@]} == 1 )) && [[ $cur != -* ]]; then',
    '        _capstan_operations "$type" "$cur"',
    '      elif (( ${#words[@]} >= 2 )); then',
    '        _capstan_flags "$type $op" "$cur"',
    '      fi ;;',
    '  esac',
    `  [[ $cur == -* ]] && _capstan_reply_new "$cur" ${shellWords(globals)}`,
    '  return 0',
    '}',
  ]
}

/**
 * The bash completion script for `capstan`, generated from the command model:
 * types and built-in commands first, then the operations of the chosen type,
 * then that command's flags and the global ones; after an enum flag its
 * choices, after `--config` or an object flag file names (also `@file.json`).
 *
 * Load it with `source <(capstan completion bash)`. It registers
 * `complete -F _capstan capstan`.
 */
export function bashCompletion(commands: readonly CliCommand[]): string {
  return [
    '# bash completion for capstan, generated from its capability descriptors.',
    '#   source <(capstan completion bash)',
    '# or save it: capstan completion bash > ~/.local/share/bash-completion/completions/capstan',
    '',
    ...mainFunction(commands),
    '',
    ...operationsFunction(commands),
    '',
    ...flagsFunction(commands),
    '',
    ...flagValueFunction(commands),
    '',
    'complete -F _capstan capstan',
    '',
  ].join('\n')
}
