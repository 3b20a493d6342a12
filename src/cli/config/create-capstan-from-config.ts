import { resolve } from 'node:path'
import { createCapstan, type Capstan } from '../../capstan.js'
import type { PluginWiring } from '../../host/capstan-options.js'
import type { ScriptOptions } from '../../scripts/script-options.js'
import { localPlugin, type LocalPluginOptions } from '../../local/index.js'
import { PluginLoader } from '../../plugin/plugin-loader.js'
import type { CliConfig } from './cli-config.js'
import { pluginEntryError } from './plugin-entry-error.js'
import { pluginSource } from './plugin-source.js'

/**
 * The Capstan instance a CLI command runs on. Without a configuration, the
 * built-in local plugin alone. With one, every configured plugin loaded
 * through {@link PluginLoader} (manifest and core range checked before its
 * code is imported), the local plugin too unless `local: false`, and the
 * `host` options passed to `createCapstan`.
 *
 * This file imports the whole runtime: the CLI imports it lazily, only for a
 * command that runs.
 *
 * @param config - the file's configuration, from `readConfig`
 * @param configDir - the file's directory: relative module specifiers, `from`, the
 *   local plugin's paths (`inventoryFile`, `tasksDir`, `osReleasePath`),
 *   `host.scripts.roots` and `host.journal.dir` are relative to it
 * @param cwd - the working directory of the command: a relative script path is taken from it
 * @example
 * ```ts
 * const { createCapstanFromConfig } = await import('./config/create-capstan-from-config.js')
 * const capstan = await createCapstanFromConfig(config, dirname(configFile))
 * ```
 * @throws CapstanError CONFIG_ERROR naming the entry (`plugins[1]`) and module of a plugin that cannot be loaded.
 */
export async function createCapstanFromConfig(config: CliConfig | undefined, configDir: string, cwd: string = process.cwd()): Promise<Capstan> {
  // The user at the terminal is trusted like the process: without roots any script they name runs, relative to where they are.
  // local://name uri targets too, for the same reason.
  if (config === undefined) return createCapstan({ plugins: [localPlugin({ adHocTargets: true })], scripts: { baseDir: resolve(cwd) } })
  const loader = new PluginLoader()
  const configured = await Promise.all(
    (config.plugins ?? []).map(async (entry, index): Promise<PluginWiring> => {
      const { module, from: _from, options, ...wiring } = typeof entry === 'string' ? { module: entry } : entry
      const source = pluginSource(entry, configDir)
      try {
        const { plugin } = await loader.load({ module: source.specifier, options, from: source.from })
        return { plugin, ...wiring, ...(isRecord(options) ? { config: options } : {}) }
      } catch (error) {
        throw pluginEntryError(index, module, error)
      }
    }),
  )
  const local = config.local === false ? [] : [{ plugin: localPlugin(localOptions(config.local ?? {}, configDir)) }]
  const { scripts, journal, ...host } = config.host ?? {}
  return createCapstan({
    ...host,
    ...(journal === undefined ? {} : { journal: { ...journal, dir: resolve(configDir, journal.dir) } }),
    scripts: scriptOptions(scripts ?? {}, configDir, cwd),
    plugins: [...local, ...configured],
  })
}

/** The file's `host.scripts` with its roots made relative to the configuration file and relative scripts to the working directory. */
function scriptOptions(scripts: NonNullable<NonNullable<CliConfig['host']>['scripts']>, configDir: string, cwd: string): ScriptOptions {
  return { ...scripts, ...(scripts.roots === undefined ? {} : { roots: scripts.roots.map((root) => resolve(configDir, root)) }), baseDir: resolve(cwd) }
}

/** The local plugin's options with its file paths made relative to the configuration file, not the working directory. */
function localOptions(options: LocalPluginOptions, configDir: string): LocalPluginOptions {
  const paths = { inventoryFile: options.inventoryFile, tasksDir: options.tasksDir, osReleasePath: options.osReleasePath }
  const resolved = Object.fromEntries(Object.entries(paths).flatMap(([key, path]) => (path === undefined ? [] : [[key, resolve(configDir, path)]])))
  // At a terminal, local://name runs here as the user could run it anyway; a file may say otherwise.
  return { adHocTargets: true, ...options, ...resolved }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
