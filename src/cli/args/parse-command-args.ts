import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { CliCommand, FlagSpec } from './cli-command.js'
import { CliUsageError } from './cli-usage-error.js'
import { flagValue } from './flag-value.js'
import { suggest } from './suggest.js'
import { thrownMessage } from '../../errors/thrown-message.js'

/** What {@link parseCommandArgs} makes of a command's flags. */
export interface ParsedCommandArgs {
  /** The capability input: one property per flag given, typed; defaults are left to the schema. */
  input: Record<string, unknown>
  /** Invoke options set by option flags (`--rollout-batch 2` → `{ rollout: { batch: 2 } }`); `{}` when none was given. */
  options: Record<string, unknown>
}

/**
 * Parses the flags after `capstan <type> <operation>` into the capability's
 * input, with `node:util` parseArgs (strict, `--no-<flag>` for booleans).
 * A command with a `positional` flag also takes its value as one argument
 * (`capstan info facts web01` is `--node web01`).
 *
 * `--flag value` and `--flag=value` both work; array flags take repeats and
 * comma lists (`--targets a,b --targets c` → `['a', 'b', 'c']`); numbers,
 * enums and JSON objects (inline or `@file.json`) are converted and checked
 * here, so a typo is reported with the flag's name before anything starts.
 * Missing required flags are reported together.
 *
 * @throws CliUsageError for an unknown flag (with the nearest known one as
 *   suggestion), a positional argument the command does not take (or a
 *   second one), a positional argument and its flag with different values, a
 *   missing or malformed value, a repeated single-value flag, or missing
 *   required flags.
 */
export function parseCommandArgs(argv: readonly string[], command: CliCommand): ParsedCommandArgs {
  const byName = new Map(command.flags.map((flag) => [flag.name, flag]))
  const options: NonNullable<ParseArgsConfig['options']> = {}
  for (const flag of command.flags) options[flag.name] = flag.type === 'boolean' ? { type: 'boolean' } : { type: 'string', multiple: true }

  checkTokens([...argv], command, byName, options)
  let values: Record<string, string | boolean | Array<string | boolean> | undefined>
  let positionals: string[]
  try {
    ;({ values, positionals } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: command.positional !== undefined, allowNegative: true }))
  } catch (error) {
    // checkTokens reports every mistake parseArgs knows of more precisely; this is a safety net.
    throw new CliUsageError(`${usage(command)}: ${thrownMessage(error)}`, { cause: error })
  }

  const input: Record<string, unknown> = {}
  const invokeOptions: Record<string, unknown> = {}
  for (const flag of command.flags) {
    const raw = values[flag.name]
    if (raw === undefined) continue
    if (flag.option === true) setOption(invokeOptions, flag.property, convert(flag, raw))
    else input[flag.property] = convert(flag, raw)
  }
  const [argument] = positionals
  const positional = byName.get(command.positional ?? '')
  if (argument !== undefined && positional !== undefined) {
    const given = input[positional.property]
    if (given !== undefined && given !== argument) {
      throw new CliUsageError(`${usage(command)} was given the ${positional.name} twice: "${argument}" as its argument and "${String(given)}" as --${positional.name}; give one`, {
        flag: positional.name,
      })
    }
    input[positional.property] = convert(positional, argument)
  }
  const missing = command.flags.filter((flag) => flag.required && !(flag.property in input))
  if (missing.length > 0) {
    const names = missing.map((flag) => `--${flag.name}`)
    throw new CliUsageError(`${usage(command)} needs ${names.join(', ')}${missing.length === 1 && missing[0]?.description !== undefined ? ` (${missing[0].description})` : ''}`, {
      flag: missing[0]?.name,
    })
  }
  return { input, options: invokeOptions }
}

/**
 * Sets the option at a dotted path. Text that is a whole number becomes that
 * number (`--rollout-batch 2`); other text stays text for the option's
 * schema to accept or name (`25%`, `two`).
 */
function setOption(options: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.')
  const last = keys.pop() as string
  let target = options
  for (const key of keys) {
    const inner = target[key]
    target = typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : (target[key] = {})
  }
  target[last] = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value
}

/**
 * Walks the tokens of a lenient parse to report mistakes the way a user
 * thinks of them (which flag, what was meant) before the strict parse runs.
 */
function checkTokens(args: string[], command: CliCommand, byName: Map<string, FlagSpec>, options: NonNullable<ParseArgsConfig['options']>): void {
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, allowNegative: true, tokens: true })
  let positionals = 0
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue
    if (token.kind === 'positional' && command.positional !== undefined) {
      if (++positionals > 1) {
        throw new CliUsageError(`Unexpected argument "${token.value}": ${usage(command)} takes one argument, the ${command.positional}; everything else is a flag`, { flag: command.positional })
      }
      continue
    }
    if (token.kind === 'positional') {
      const hint = command.flags.find((f) => f.required && f.type !== 'boolean')
      // The example alone would run into "needs --command" next: name the rest of what is required at once.
      const others = command.flags.filter((f) => f.required && f !== hint).map((f) => `--${f.name}`)
      const example = hint === undefined ? '' : `, e.g. --${hint.name} ${token.value}${others.length === 0 ? '' : ` (it also needs ${others.join(', ')})`}`
      throw new CliUsageError(`Unexpected argument "${token.value}": ${usage(command)} takes only flags${example}`, hint === undefined ? {} : { flag: hint.name })
    }
    const flag = byName.get(token.name)
    const negated = token.rawName.startsWith('--no-') && !byName.has(token.rawName.slice(2))
    if (flag === undefined || !token.rawName.startsWith('--')) throw unknownFlag(token.rawName, command)
    if (flag.type === 'boolean') {
      if (token.value !== undefined) throw new CliUsageError(`--${flag.name} takes no value: write --${flag.name} or --no-${flag.name}`, { flag: flag.name })
      continue
    }
    if (negated) throw new CliUsageError(`${token.rawName}: only on/off flags have a --no- form; --${flag.name} takes a value`, { flag: flag.name })
    if (token.value === undefined) throw new CliUsageError(`--${flag.name} needs a value${flag.description === undefined ? '' : ` (${flag.description})`}`, { flag: flag.name })
    if (token.inlineValue !== true && token.value.startsWith('-')) {
      throw new CliUsageError(`--${flag.name} needs a value, not the flag "${token.value}" (write --${flag.name}=${token.value} for a value starting with -)`, { flag: flag.name })
    }
  }
}

function unknownFlag(rawName: string, command: CliCommand): CliUsageError {
  const known = command.flags.flatMap((f) => (f.type === 'boolean' ? [f.name, `no-${f.name}`] : [f.name]))
  const typed = rawName.replace(/^-+/, '')
  const match = suggest(typed, known)
  const listed = command.flags.length === 0 ? 'it takes no flags' : `its flags: ${command.flags.map((f) => `--${f.name}`).join(', ')}`
  return new CliUsageError(`Unknown flag ${rawName} for ${usage(command)} (${listed})`, {
    flag: typed,
    ...(match === undefined ? {} : { suggestion: `--${match}` }),
  })
}

/** `KEY=value`, the key an identifier-like word (as environment variable names are). */
const KEY_VALUE = /^[A-Za-z_][A-Za-z0-9_.-]*=/

/** The typed value of one flag: arrays flattened from repeats and comma lists, single values given once. */
function convert(flag: FlagSpec, raw: string | boolean | Array<string | boolean>): unknown {
  if (typeof raw === 'boolean') return raw
  const texts = (Array.isArray(raw) ? raw : [raw]).map(String)
  if (flag.type === 'array') {
    const itemType = flag.itemType ?? 'string'
    // A JSON item may itself contain commas, so only plain values are split.
    const structured = itemType === 'object' || itemType === 'json'
    const items = structured ? texts : texts.flatMap((text) => text.split(',')).map((item) => item.trim()).filter((item) => item !== '')
    return items.map((item) => flagValue(flag, itemType, item))
  }
  // `--env A=1 --env B=2`: an object given as KEY=value pairs, the flag repeated.
  if (flag.type === 'object' && texts.every((text) => KEY_VALUE.test(text))) return Object.fromEntries(texts.map((text) => [text.slice(0, text.indexOf('=')), text.slice(text.indexOf('=') + 1)]))
  if (texts.length > 1) throw new CliUsageError(`--${flag.name} was given ${texts.length} times; it takes one value${flag.type === 'object' ? ' (or repeat it as KEY=value pairs)' : ''}`, { flag: flag.name })
  return flagValue(flag, flag.type, texts[0] ?? '')
}

function usage(command: CliCommand): string {
  return `capstan ${command.type} ${command.operation}`
}
