import { locatePluginPackage, manifestPath } from '../../plugin/locate-plugin-package.js'
import type { PluginManifest } from '../../plugin/plugin-manifest.js'
import { readJsonFile } from '../../plugin/read-json-file.js'
import type { CliConfig } from './cli-config.js'
import { pluginEntryError } from './plugin-entry-error.js'
import { pluginSource } from './plugin-source.js'

/** The manifest of one configured plugin. */
export interface ConfiguredManifest {
  /** The entry's module specifier, as written in the configuration. */
  module: string
  /** Its validated plugin.json. */
  manifest: PluginManifest
  /** Absolute path of plugin.json. */
  manifestFile: string
  /** Absolute path of the plugin's package directory. */
  packageDir: string
}

/**
 * The plugin.json of every configured plugin, in configuration order, read
 * without importing any plugin code: enough for `capstan --help` to list the
 * capabilities, providers and CLI hints of plugins it does not start.
 *
 * Packages are found as the loader finds them ({@link locatePluginPackage}),
 * so both say the same about one that is missing: a path (relative to the
 * entry's `from`, else `configDir`, when it starts with `.`) is the package
 * directory or a file in it; a package name is looked up in the
 * `node_modules` folders above that directory.
 *
 * @example
 * ```ts
 * for (const { manifest } of await pluginManifests(config, dirname(configFile))) console.log(manifest.name, manifest.capabilities)
 * ```
 * @throws CapstanError CONFIG_ERROR naming the entry (`details.field`, e.g. `plugins[1]`) and its module.
 */
export async function pluginManifests(config: CliConfig, configDir: string): Promise<ConfiguredManifest[]> {
  const entries = config.plugins ?? []
  if (entries.length === 0) return []
  // The manifest schema pulls in the capability catalog; load it only when there is a manifest to check.
  const { parseManifest } = await import('../../plugin/plugin-manifest.js')
  return Promise.all(
    entries.map(async (entry, index) => {
      const { module, specifier, from } = pluginSource(entry, configDir)
      try {
        const { pkg } = await locatePluginPackage(specifier, from)
        const manifestFile = manifestPath(pkg, module)
        const manifest = parseManifest(await readJsonFile(manifestFile, { file: pkg.packageJsonFile, field: 'capstan.plugin' }), manifestFile)
        return { module, manifest, manifestFile, packageDir: pkg.dir }
      } catch (error) {
        throw pluginEntryError(index, module, error)
      }
    }),
  )
}
