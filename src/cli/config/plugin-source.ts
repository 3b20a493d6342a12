import { resolve } from 'node:path'
import type { CliPluginEntry } from './cli-config.js'

/** Where a configured plugin is loaded from. */
export interface PluginSource {
  /** The module specifier as written in the configuration, for messages. */
  module: string
  /** What to load: a path starting with `.` made absolute, anything else as written. */
  specifier: string
  /** The directory package names are looked up from: the entry's `from`, else the configuration file's directory. */
  from: string
}

/**
 * Where one entry of `plugins` is loaded from. Relative paths, in `module`
 * and in `from`, are relative to the configuration file's directory, not to
 * the working directory, so the file works from anywhere below it; a module
 * path starting with `.` is relative to `from` when the entry has one.
 */
export function pluginSource(entry: CliPluginEntry, configDir: string): PluginSource {
  const module = typeof entry === 'string' ? entry : entry.module
  const from = typeof entry === 'string' || entry.from === undefined ? configDir : resolve(configDir, entry.from)
  return { module, specifier: module.startsWith('.') ? resolve(from, module) : module, from }
}
