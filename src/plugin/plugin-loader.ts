import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import semver from 'semver'
import { capabilityCatalog } from '../capabilities/catalog.js'
import { CapstanError, isCapstanError } from '../errors/capstan-error.js'
import { createSilentLogger } from '../logging/silent-logger.js'
import { CapabilityRegistry } from '../registry/capability-registry.js'
import type { BasePlugin } from './base-plugin.js'
import { assertCoreRange, CORE_VERSION } from './core-version.js'
import { readPackage, type FoundPackage } from './find-package.js'
import { locatePluginPackage, manifestPath } from './locate-plugin-package.js'
import { checkAgreement } from './loader/check-agreement.js'
import { entryModule } from './loader/entry-module.js'
import { checkContributions } from './loader/check-contributions.js'
import { createPlugin } from './loader/create-plugin.js'
import { isRecord } from './loader/describe-value.js'
import { pickFactory } from './loader/pick-factory.js'
import { pluginConfigError } from './plugin-config-error.js'
import { parseManifest, type PluginManifest } from './plugin-manifest.js'
import { readJsonFile } from './read-json-file.js'
import { thrownMessage } from '../errors/thrown-message.js'

/** Imports a module from a `file:` URL and returns its namespace. */
export type ModuleImporter = (specifier: string) => Promise<unknown>

/** Options of {@link PluginLoader}. */
export interface PluginLoaderOptions {
  /** The core version checked against each manifest's `core` range; default {@link CORE_VERSION}. */
  coreVersion?: string | undefined
  /** Imports a plugin's module; default `import()`. Tests pass one that records what was imported. */
  import?: ModuleImporter | undefined
}

/** What {@link PluginLoader.load} loads. */
export interface LoadPluginRequest {
  /**
   * A package name (`@capstan/plugin-bolt`, `name/subpath`), a package directory,
   * or a file inside a plugin package (`./plugins/fake/index.js`, absolute path or `file:` URL).
   */
  module: string
  /** Passed to the factory as its only argument. */
  options?: unknown
  /** Named export of the factory; overrides the manifest's `entry.factory`. */
  export?: string | undefined
  /** Directory relative paths and package names are resolved from; default `process.cwd()`. */
  from?: string | undefined
}

/** A plugin created from a package whose manifest and code agree. */
export interface LoadedPlugin {
  /** The plugin instance, not yet initialised. */
  plugin: BasePlugin
  /** Its validated plugin.json. */
  manifest: PluginManifest
  /** Absolute path of plugin.json. */
  manifestFile: string
  /** Absolute path of the plugin's package directory. */
  packageDir: string
}

/** A package {@link PluginLoader.scan} could not load. */
export interface FailedPlugin {
  /** The package directory. */
  dir: string
  /** Why, always a CONFIG_ERROR naming the file and field. */
  error: CapstanError
}

/** What {@link PluginLoader.scan} found. */
export interface PluginScanResult {
  /** Plugins loaded, in directory-name order. */
  loaded: LoadedPlugin[]
  /** Plugin packages that failed, in directory-name order. */
  failed: FailedPlugin[]
}

/**
 * Finds plugin packages, checks their plugin.json and the core range they
 * support before importing any of their code, then creates each plugin with
 * its factory and checks that code and manifest agree.
 *
 * Every failure is a CapstanError CONFIG_ERROR whose message starts with
 * `file: field:` and whose `details` hold `file`, `field` and `module`.
 *
 * @example
 * ```ts
 * const loader = new PluginLoader()
 * const { plugin, manifest } = await loader.load({ module: '@capstan/plugin-bolt', options: { projectDir } })
 * const { loaded, failed } = await loader.scan('./plugins', { bolt: { projectDir } })
 * ```
 */
export class PluginLoader {
  readonly #coreVersion: string
  readonly #import: ModuleImporter

  constructor(options: PluginLoaderOptions = {}) {
    this.#coreVersion = options.coreVersion ?? CORE_VERSION
    this.#import = options.import ?? ((specifier) => import(specifier))
  }

  /**
   * Loads one plugin: finds its package and manifest, validates the manifest
   * and the core range, imports the module, calls the factory with `options`
   * and checks the plugin it returns.
   */
  async load(request: LoadPluginRequest): Promise<LoadedPlugin> {
    return this.#load(request, () => request.options)
  }

  /**
   * Loads every subdirectory of `dir` whose package.json has `capstan.plugin`,
   * in directory-name order. A package that fails is reported in `failed` and
   * does not stop the others; directories that are not plugin packages are skipped.
   *
   * @param optionsByName - factory options keyed by plugin name (the manifest's `name`)
   */
  async scan(dir: string, optionsByName: Readonly<Record<string, unknown>> = {}): Promise<PluginScanResult> {
    const root = resolve(dir)
    let names: string[]
    try {
      const entries = await readdir(root, { withFileTypes: true })
      names = entries.filter((entry) => entry.isDirectory() || entry.isSymbolicLink()).map((entry) => entry.name)
    } catch (error) {
      throw pluginConfigError({ file: root, field: '(root)', message: `cannot read the plugin directory: ${thrownMessage(error)}`, cause: error })
    }
    // Code-unit order, not locale order, so the result is the same on every machine.
    names.sort()

    const outcomes = await Promise.all(
      names.map(async (name): Promise<LoadedPlugin | FailedPlugin | undefined> => {
        const packageDir = join(root, name)
        try {
          if (!(await isPluginPackage(packageDir))) return undefined
          return await this.#load({ module: packageDir }, (manifest) => optionsByName[manifest.name])
        } catch (error) {
          return { dir: packageDir, error: asConfigError(error, packageDir) }
        }
      }),
    )

    const result: PluginScanResult = { loaded: [], failed: [] }
    const seen = new Map<string, string>()
    // Contributed types of the packages loaded so far, so a clash between two of them fails the later one (by directory).
    const contributions = new CapabilityRegistry({ catalog: capabilityCatalog, logger: createSilentLogger() })
    for (const outcome of outcomes) {
      if (outcome === undefined) continue
      if ('error' in outcome) {
        result.failed.push(outcome)
        continue
      }
      const first = seen.get(outcome.manifest.name)
      if (first !== undefined) {
        // Two plugins with one name would collide in routes, metrics and RBAC; the first (by directory) wins.
        await disposeQuietly(outcome.plugin)
        result.failed.push({
          dir: outcome.packageDir,
          error: pluginConfigError({
            file: outcome.manifestFile,
            field: 'name',
            message: `plugin "${outcome.manifest.name}" is already loaded from ${first}`,
            details: { module: outcome.packageDir, plugin: outcome.manifest.name },
          }),
        })
        continue
      }
      try {
        checkContributions(outcome.plugin, outcome.manifest, { manifestFile: outcome.manifestFile, entryFile: outcome.packageDir }, { module: outcome.packageDir, plugin: outcome.manifest.name }, contributions)
      } catch (error) {
        await disposeQuietly(outcome.plugin)
        result.failed.push({ dir: outcome.packageDir, error: asConfigError(error, outcome.packageDir) })
        continue
      }
      seen.set(outcome.manifest.name, outcome.packageDir)
      result.loaded.push(outcome)
    }
    return result
  }

  async #load(request: LoadPluginRequest, optionsFor: (manifest: PluginManifest) => unknown): Promise<LoadedPlugin> {
    const from = request.from ?? process.cwd()
    const module = request.module
    const { pkg, explicitFile } = await locatePluginPackage(module, from)

    const manifestFile = manifestPath(pkg, module)
    const raw = await readJsonFile(manifestFile, { file: pkg.packageJsonFile, field: 'capstan.plugin' })
    // The range is checked before the rest of the schema: a manifest written for a
    // newer core may name capabilities this core does not know, and then the
    // range, not the unknown ids, is the mistake to report.
    this.#checkCoreRange(raw, manifestFile, pkg)
    const manifest = withPackageVersion(parseManifest(raw, manifestFile), manifestFile, pkg)
    assertCoreRange(manifest.core, manifestFile, { plugin: manifest.name, coreVersion: this.#coreVersion })

    // Only now, with manifest and range accepted, does any plugin code run.
    const entry = explicitFile === undefined ? await entryModule(pkg, manifest, manifestFile) : { file: explicitFile, namedBy: { file: explicitFile, field: '(root)' } }
    const context = { module, plugin: manifest.name }
    let namespace: unknown
    try {
      namespace = await this.#import(pathToFileURL(entry.file).href)
    } catch (error) {
      throw pluginConfigError({
        ...entry.namedBy,
        message: `importing ${entry.file} failed: ${thrownMessage(error)}`,
        details: { ...context, entryFile: entry.file },
        cause: error,
      })
    }

    const factory = pickFactory(isRecord(namespace) ? namespace : {}, request.export, manifest, manifestFile, entry.file, context)
    const plugin = await createPlugin(factory, optionsFor(manifest), entry.file, context)
    try {
      checkAgreement(plugin, manifest, { manifestFile, entryFile: entry.file, packageVersion: packageVersionOf(pkg) }, context)
      checkContributions(plugin, manifest, { manifestFile, entryFile: entry.file }, context)
    } catch (error) {
      // The host never sees this instance, so it is released here; before initialize this is a no-op for BasePlugin.
      await disposeQuietly(plugin)
      throw error
    }
    return { plugin, manifest, manifestFile, packageDir: pkg.dir }
  }

  #checkCoreRange(raw: unknown, manifestFile: string, pkg: FoundPackage): void {
    if (!isRecord(raw) || typeof raw['core'] !== 'string' || semver.validRange(raw['core']) === null) return
    const packageName = typeof pkg.packageJson['name'] === 'string' ? pkg.packageJson['name'] : basename(pkg.dir)
    const plugin = typeof raw['name'] === 'string' ? raw['name'] : packageName
    assertCoreRange(raw['core'], manifestFile, { plugin, coreVersion: this.#coreVersion })
  }
}


async function isPluginPackage(dir: string): Promise<boolean> {
  const packageJsonFile = join(dir, 'package.json')
  if (!existsSync(packageJsonFile)) return false
  const { packageJson } = await readPackage(packageJsonFile)
  const capstan = packageJson['capstan']
  return isRecord(capstan) && 'plugin' in capstan
}

async function disposeQuietly(plugin: BasePlugin): Promise<void> {
  try {
    await plugin.dispose()
  } catch {
    // The load error (or the duplicate) is what the caller needs to see; a failing dispose adds nothing.
  }
}

/** The manifest with package.json's version, which a `version` in plugin.json must repeat exactly. */
function withPackageVersion(manifest: PluginManifest, manifestFile: string, pkg: FoundPackage): PluginManifest {
  const version = packageVersionOf(pkg)
  if (version === undefined) return manifest
  if (manifest.version !== undefined && manifest.version !== version) {
    throw pluginConfigError({
      file: manifestFile,
      field: 'version',
      message: `"${manifest.version}" is not package.json's version "${version}"; leave it out: the package's version is the plugin's`,
      details: { plugin: manifest.name, packageVersion: version },
    })
  }
  return { ...manifest, version }
}

/** The version package.json gives, if any. */
function packageVersionOf(pkg: FoundPackage): string | undefined {
  const version = pkg.packageJson['version']
  return typeof version === 'string' ? version : undefined
}

/** Anything unexpected during a scan still reaches the caller as a CONFIG_ERROR naming the package. */
function asConfigError(error: unknown, dir: string): CapstanError {
  if (isCapstanError(error, 'CONFIG_ERROR')) return error
  return pluginConfigError({ file: dir, field: '(root)', message: thrownMessage(error), details: { module: dir }, cause: error })
}
