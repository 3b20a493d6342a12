import { existsSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findPackage, findPackageAbove, readPackage, type FoundPackage } from '../../plugin/find-package.js'
import { pluginConfigError } from '../../plugin/plugin-config-error.js'
import type { PluginManifest } from '../../plugin/plugin-manifest.js'
import { readJsonFile } from '../../plugin/read-json-file.js'
import type { CliConfig } from './cli-config.js'
import { pluginEntryError } from './plugin-entry-error.js'
import { pluginSpecifier } from './plugin-specifier.js'

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
 * Packages are found as the loader finds them: a path (relative to
 * `configDir` when it starts with `.`) is the package directory or a file in
 * it; a package name is looked up in the `node_modules` folders above `configDir`.
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
      const module = typeof entry === 'string' ? entry : entry.module
      try {
        const pkg = await pluginPackage(pluginSpecifier(module, configDir), configDir)
        const manifestFile = manifestPath(pkg)
        const manifest = parseManifest(await readJsonFile(manifestFile, { file: pkg.packageJsonFile, field: 'capstan.plugin' }), manifestFile)
        return { module, manifest, manifestFile, packageDir: pkg.dir }
      } catch (error) {
        throw pluginEntryError(index, module, error)
      }
    }),
  )
}

/** The plugin package a specifier names: its directory, a file inside it, or a package name. */
async function pluginPackage(specifier: string, configDir: string): Promise<Omit<FoundPackage, 'subpath'>> {
  if (!specifier.startsWith('file:') && !isAbsolute(specifier)) {
    const pkg = await findPackage(specifier, configDir)
    if (pkg === undefined) throw pluginConfigError({ file: specifier, field: 'module', message: `cannot find the package from ${configDir}: is it installed?` })
    return pkg
  }
  const target = specifier.startsWith('file:') ? fileURLToPath(specifier) : resolve(specifier)
  let isDirectory: boolean
  try {
    isDirectory = (await stat(target)).isDirectory()
  } catch (error) {
    throw pluginConfigError({ file: target, field: '(root)', message: 'no such file or directory', cause: error })
  }
  if (isDirectory) {
    const packageJsonFile = join(target, 'package.json')
    if (!existsSync(packageJsonFile)) throw pluginConfigError({ file: packageJsonFile, field: '(root)', message: 'missing: a plugin directory is a package' })
    return readPackage(packageJsonFile)
  }
  const { found, nearest } = await findPackageAbove(target)
  if (found === undefined) throw pluginConfigError({ file: nearest ?? target, field: 'capstan.plugin', message: `missing: no package.json above ${target} names a plugin manifest` })
  return found
}

function manifestPath(pkg: Omit<FoundPackage, 'subpath'>): string {
  const capstan = pkg.packageJson['capstan']
  const pointer = typeof capstan === 'object' && capstan !== null ? (capstan as Record<string, unknown>)['plugin'] : undefined
  if (typeof pointer !== 'string' || pointer === '') {
    throw pluginConfigError({
      file: pkg.packageJsonFile,
      field: 'capstan.plugin',
      message: 'missing: a Capstan plugin package names its manifest here, e.g. "capstan": { "plugin": "./plugin.json" }',
    })
  }
  return resolve(pkg.dir, pointer)
}
