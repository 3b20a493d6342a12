import { activeAliases, CliUsageError, parseCommandArgs, resolveAlias, suggest, type CliCommand, type CommandAlias } from './args/index.js'
import { commandHelp, mainHelp, typeHelp } from './commands/help-text.js'
import { ExitCode } from './exit-codes.js'
import { extractGlobalFlags, type GlobalFlags } from './global-flags.js'
import { colorEnabled, createStyle, type Style } from './render/index.js'
import { staticCommands } from './static-commands.js'
import { stoppedExitCode } from './stop-signal.js'
import type { CliIo } from './cli-io.js'
import { thrownMessage } from '../errors/thrown-message.js'

/** The top-level commands that are not capabilities. */
const BUILT_IN = ['help', 'plugins', 'health', 'capabilities', 'completion'] as const

/**
 * Runs the `capstan` command line and resolves with its exit code
 * ({@link ExitCode}). Everything it prints goes through `io`: results to
 * `io.stdout`, logs, progress and errors to `io.stderr`.
 *
 * Help, completion and usage errors are answered from the static command
 * model and the configured plugins' plugin.json files: nothing is initialised
 * and no plugin code is imported until a command actually runs.
 */
export async function runCli(io: CliIo): Promise<ExitCode> {
  const code = await runCommandLine(io)
  // Cancelled by Ctrl-C, SIGTERM or SIGHUP: whatever the command made of it, exit as shells expect of that signal.
  return io.signal?.aborted === true ? stoppedExitCode(io.signal.reason) : code
}

async function runCommandLine(io: CliIo): Promise<ExitCode> {
  let globals: GlobalFlags
  let rest: string[]
  try {
    ;({ globals, rest } = extractGlobalFlags(io.argv))
  } catch (error) {
    return usageError(io, createStyle({ color: false }), error)
  }
  const style = createStyle({ color: !globals.noColor && colorEnabled(io.stdout, io.env) })
  const errStyle = createStyle({ color: !globals.noColor && colorEnabled(io.stderr, io.env) })
  try {
    if (globals.version) {
      io.stdout.write(`${io.version}\n`)
      return ExitCode.ok
    }
    const [first] = leadingWords(rest)
    if (first === undefined || first === 'help') {
      const commands = await staticCommands(io, globals)
      return help(io, style, commands, first === 'help' ? resolveAlias(leadingWords(rest).slice(1), commands) : [])
    }
    if ((BUILT_IN as readonly string[]).includes(first)) {
      const { runBuiltIn } = await import('./commands/built-in.js')
      return await runBuiltIn(first as (typeof BUILT_IN)[number], leadingWords(rest).slice(1), io, globals, style)
    }
    const commands = await staticCommands(io, globals, { warn: globals.help })
    const args = resolveAlias(rest, commands)
    const [type, operation] = leadingWords(args) as [string, string | undefined]
    const operations = operationsOf(type, commands)
    if (operations.length === 0) {
      const known = [...new Set([...commands.map((c) => c.type), ...activeAliases(commands).map((a) => a.words[0])]), ...BUILT_IN]
      return usageError(io, errStyle, new CliUsageError(`Unknown command "${type}"`, withSuggestion(suggest(type, known))))
    }
    if (operation === undefined) {
      if (globals.help && commands.some((c) => c.type === type)) return print(io, typeHelp(type, commands, style))
      return usageError(io, errStyle, new CliUsageError(`"capstan ${type}" needs an operation: ${operations.join(', ')}`))
    }
    const command = commands.find((c) => c.type === type && c.operation === operation)
    if (command === undefined) {
      return usageError(io, errStyle, new CliUsageError(`Unknown command "capstan ${type} ${operation}"`, withSuggestion(suggest(operation, operations), (s) => `${type} ${s}`)))
    }
    if (globals.help) return print(io, commandHelp(command, style, aliasesOf(command, commands)))
    const { input, options } = parseCommandArgs(args.slice(2), command)
    const { runCapability } = await import('./commands/run-capability.js')
    return await runCapability(command, input, io, globals, style, errStyle, options)
  } catch (error) {
    if (error instanceof CliUsageError) return usageError(io, errStyle, error)
    const { reportError } = await import('./commands/report-error.js')
    return reportError(io, errStyle, error)
  }
}

/** The command words: everything before the first flag. */
function leadingWords(args: readonly string[]): string[] {
  const words: string[] = []
  for (const arg of args) {
    if (arg.startsWith('-')) break
    words.push(arg)
  }
  return words
}

function help(io: CliIo, style: Style, commands: CliCommand[], topic: string[]): ExitCode {
  const [type, operation] = topic
  if (type === undefined) return print(io, mainHelp(commands, style, io.version, activeAliases(commands)))
  const command = commands.find((c) => c.type === type && c.operation === operation)
  if (command !== undefined) return print(io, commandHelp(command, style, aliasesOf(command, commands)))
  if (operation === undefined && commands.some((c) => c.type === type)) return print(io, typeHelp(type, commands, style))
  const known = operation === undefined ? [...new Set(commands.map((c) => c.type))] : operationsOf(type, commands)
  return usageError(io, createStyle({ color: false }), new CliUsageError(`No help for "${topic.join(' ')}"`, withSuggestion(suggest(operation ?? type, known))))
}

/** The operations typed after `type`: its commands' and its aliases' (`command` → execute, run). */
function operationsOf(type: string, commands: readonly CliCommand[]): string[] {
  const aliases = activeAliases(commands).filter((a) => a.words[0] === type).map((a) => a.words[1])
  return [...new Set([...commands.filter((c) => c.type === type).map((c) => c.operation), ...aliases])]
}

/** The aliases that name `command`. */
function aliasesOf(command: CliCommand, commands: readonly CliCommand[]): CommandAlias[] {
  return activeAliases(commands).filter((a) => a.command[0] === command.type && a.command[1] === command.operation)
}

function withSuggestion(suggestion: string | undefined, format: (s: string) => string = (s) => s): { suggestion?: string } {
  return suggestion === undefined ? {} : { suggestion: format(suggestion) }
}

function print(io: CliIo, text: string): ExitCode {
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
  return ExitCode.ok
}

/** Prints a usage error with its suggestion and a pointer to help; exit code 2. */
export function usageError(io: CliIo, style: Style, error: unknown): ExitCode {
  const message = thrownMessage(error)
  io.stderr.write(`${style.red('error')}: ${message}\n`)
  if (error instanceof CliUsageError && error.suggestion !== undefined) io.stderr.write(`Did you mean ${style.bold(error.suggestion)}?\n`)
  io.stderr.write('Run `capstan --help` for the commands.\n')
  return ExitCode.usage
}
