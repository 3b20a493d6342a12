import type { FlagSpec } from '../args/cli-command.js'

/** A global flag as completion offers it. */
export interface GlobalFlagWord {
  /** The flag without dashes (`config`). */
  name: string
  /** What follows it: a file, a free value, or nothing (a switch). */
  value: 'file' | 'text' | 'none'
  /** One line for zsh's descriptions. */
  description: string
  /** Flags it cannot be combined with (zsh exclusion list). */
  excludes?: string[]
}

/** Flags every command accepts, wherever they appear (src/cli/global-flags.ts parses them). */
export const GLOBAL_FLAG_WORDS: readonly GlobalFlagWord[] = [
  { name: 'json', value: 'none', description: 'print the result as one JSON document', excludes: ['ndjson'] },
  { name: 'ndjson', value: 'none', description: 'print every event as one JSON line as it arrives', excludes: ['json'] },
  { name: 'config', value: 'file', description: 'configuration file' },
  { name: 'plugin', value: 'text', description: 'route the call to this plugin only' },
  { name: 'no-color', value: 'none', description: 'no colours' },
  { name: 'help', value: 'none', description: 'help for the command' },
  { name: 'version', value: 'none', description: 'print the version' },
]

/** A top-level command that is not a capability. */
export interface BuiltInWord {
  name: string
  description: string
  /** Words it takes next, if any (`completion bash|zsh`); `help` takes command words instead. */
  args?: string[]
}

/** The top-level commands besides `<type> <operation>`. */
export const BUILT_IN_WORDS: readonly BuiltInWord[] = [
  { name: 'help', description: 'help for capstan or a command' },
  { name: 'plugins', description: 'loaded plugins, their state and version' },
  { name: 'health', description: 'health of every plugin' },
  { name: 'capabilities', description: 'capability ids, kinds and providers' },
  { name: 'completion', description: 'shell completion script', args: ['bash', 'zsh'] },
]

/** What a flag's value is completed with: its choices, file names, or nothing to offer. */
export type FlagValueCompletion = { kind: 'choices'; choices: string[] } | { kind: 'file' } | { kind: 'text' } | { kind: 'none' }

/**
 * How the value after a command flag completes: enum choices (also for arrays
 * of enums), files for objects (JSON or `@file.json`), nothing for booleans.
 */
export function flagValueCompletion(flag: FlagSpec): FlagValueCompletion {
  if (flag.type === 'boolean') return { kind: 'none' }
  if (flag.choices !== undefined && flag.choices.length > 0) return { kind: 'choices', choices: flag.choices }
  if (flag.type === 'object' || flag.type === 'json' || flag.itemType === 'object' || flag.itemType === 'json') return { kind: 'file' }
  return { kind: 'text' }
}

/** The first line of a description, for one-line shell descriptions. */
export function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0]!.trim()
}

/** Types in first-seen order, each with its commands. */
export function commandsByType<T extends { type: string }>(commands: readonly T[]): Map<string, T[]> {
  const types = new Map<string, T[]>()
  for (const command of commands) types.set(command.type, [...(types.get(command.type) ?? []), command])
  return types
}
