import { resolve } from 'node:path'

/**
 * The specifier to load a configured plugin from: one starting with `.` is a
 * path relative to the configuration file's directory (not to the working
 * directory, so the file works from anywhere below it) and becomes absolute;
 * package names, absolute paths and `file:` URLs are kept as written.
 */
export function pluginSpecifier(module: string, configDir: string): string {
  return module.startsWith('.') ? resolve(configDir, module) : module
}
