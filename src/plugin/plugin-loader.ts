import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import semver from 'semver'
import { CapstanError, isCapstanError } from '../errors/capstan-error.js'
import { issuesOfError } from '../errors/issues-of-error.js'
import type { BasePlugin } from './base-plugin.js'
import { assertCoreRange, CORE_VERSION } from './core-version.js'
import { findPackage, readPackage, type FoundPackage } from './find-package.js'
import { isPlugin } from './is-plugin.js'
import { isPathSpecifier, locatePluginPackage, manifestPath } from './locate-plugin-package.js'
import { packageEntry } from './package-entry.js'
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

/** Where the module to import is, and which file and field named it (for errors). */
interface EntryModule {
  file: string
  namedBy: { file: string; field: string }
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
    const manifest = parseManifest(raw, manifestFile)
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
      checkAgreement(plugin, manifest, manifestFile, entry.file, context)
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

/** The module a package-level load imports: `entry.module`, else the package's exports / main. */
async function entryModule(pkg: FoundPackage, manifest: PluginManifest, manifestFile: string): Promise<EntryModule> {
  const declared = manifest.entry?.module
  if (declared !== undefined) {
    const namedBy = { file: manifestFile, field: 'entry.module' }
    if (isPathSpecifier(declared)) return { file: existingFile(resolve(pkg.dir, declared), namedBy), namedBy }
    const dependency = await findPackage(declared, pkg.dir)
    const file = dependency === undefined ? undefined : packageEntry(dependency.dir, dependency.packageJson, dependency.subpath)
    if (file === undefined) throw pluginConfigError({ ...namedBy, message: `cannot resolve "${declared}" from ${pkg.dir}`, details: { plugin: manifest.name } })
    return { file: existingFile(file, namedBy), namedBy }
  }
  const namedBy = { file: pkg.packageJsonFile, field: pkg.packageJson['exports'] === undefined ? 'main' : 'exports' }
  const file = packageEntry(pkg.dir, pkg.packageJson, '.')
  if (file === undefined) {
    throw pluginConfigError({ ...namedBy, message: 'exposes no "." entry under the import, node or default condition', details: { plugin: manifest.name } })
  }
  return { file: existingFile(file, namedBy), namedBy }
}

function existingFile(file: string, namedBy: { file: string; field: string }): string {
  if (existsSync(file)) return file
  // Most often an unbuilt workspace package: the entry points into a dist/ that does not exist yet.
  throw pluginConfigError({ ...namedBy, message: `${file} does not exist (is the package built?)`, details: { entryFile: file } })
}

/** A named factory, picked by the rules documented on {@link PluginLoader}. */
interface Factory {
  name: string
  fn: (...args: unknown[]) => unknown
}

function pickFactory(
  namespace: Record<string, unknown>,
  requested: string | undefined,
  manifest: PluginManifest,
  manifestFile: string,
  entryFile: string,
  context: Record<string, unknown>,
): Factory {
  const functions = Object.entries(namespace).filter((pair): pair is [string, Factory['fn']] => typeof pair[1] === 'function')
  const listed = functions.map(([name]) => name).join(', ') || 'none'
  const named = (name: string, file: string, field: string): Factory => {
    const fn = namespace[name]
    if (typeof fn === 'function') return { name, fn: fn as Factory['fn'] }
    throw pluginConfigError({ file, field, message: `${entryFile} has no function export "${name}" (function exports: ${listed})`, details: context })
  }
  if (requested !== undefined) return named(requested, entryFile, 'export')
  if (manifest.entry?.factory !== undefined) return named(manifest.entry.factory, manifestFile, 'entry.factory')
  if (typeof namespace['default'] === 'function') return { name: 'default', fn: namespace['default'] as Factory['fn'] }

  // Classes are skipped: `export class InventoryPlugin` next to `export function inventoryPlugin` is the usual shape, and the factory is the entry.
  const candidates = functions.filter(([name, fn]) => name !== 'default' && name.endsWith('Plugin') && !isClass(fn))
  const [only, ...others] = candidates
  if (only !== undefined && others.length === 0) return { name: only[0], fn: only[1] }
  const problem =
    only === undefined
      ? `${entryFile} has no default export and no function export ending in "Plugin" (function exports: ${listed}); name the factory here`
      : `${entryFile} exports several functions ending in "Plugin" (${candidates.map(([name]) => name).join(', ')}); name the factory here`
  throw pluginConfigError({ file: manifestFile, field: 'entry.factory', message: problem, details: context })
}

async function createPlugin(factory: Factory, options: unknown, entryFile: string, context: Record<string, unknown>): Promise<BasePlugin> {
  let created: unknown
  try {
    // A class picked explicitly is constructed rather than called, since calling it throws a confusing TypeError.
    created = isClass(factory.fn) ? new (factory.fn as unknown as new (options: unknown) => unknown)(options) : await factory.fn(options)
  } catch (error) {
    // Factories validate their options, so a failure is most often a bad option; name it when the error says which.
    const issues = issuesOfError(error)
    const field = issues?.[0]?.path === undefined || issues[0].path === '(root)' ? 'options' : `options.${issues[0].path}`
    throw pluginConfigError({
      file: entryFile,
      field,
      message: `factory ${factory.name}(options) threw: ${thrownMessage(error)}`,
      details: { ...context, factory: factory.name, ...(issues === undefined ? {} : { issues }) },
      cause: error,
    })
  }
  if (!isPlugin(created)) {
    throw pluginConfigError({
      file: entryFile,
      field: factory.name,
      message: `factory returned ${describe(created)}, not a plugin (needs metadata.name and initialize, healthCheck, dispose and capabilities methods)`,
      details: { ...context, factory: factory.name },
    })
  }
  return created
}

/** The plugin must be the one the manifest describes, and provide nothing it does not declare. */
function checkAgreement(plugin: BasePlugin, manifest: PluginManifest, manifestFile: string, entryFile: string, context: Record<string, unknown>): void {
  if (plugin.metadata.name !== manifest.name) {
    throw pluginConfigError({
      file: manifestFile,
      field: 'name',
      message: `"${manifest.name}" does not match the plugin's metadata.name "${plugin.metadata.name}"`,
      details: context,
    })
  }
  let provided: unknown
  try {
    provided = plugin.capabilities()
  } catch (error) {
    throw pluginConfigError({ file: entryFile, field: 'capabilities()', message: `threw: ${thrownMessage(error)}`, details: context, cause: error })
  }
  if (!isRecord(provided)) {
    throw pluginConfigError({ file: entryFile, field: 'capabilities()', message: `returned ${describe(provided)}, not an object keyed by capability id`, details: context })
  }
  const declared = new Set(manifest.capabilities)
  const undeclared = Object.keys(provided).filter((id) => !declared.has(id))
  if (undeclared.length > 0) {
    throw pluginConfigError({
      file: manifestFile,
      field: 'capabilities',
      message: `the plugin provides ${undeclared.map((id) => `"${id}"`).join(', ')}, not declared here; add ${undeclared.length === 1 ? 'it' : 'them'} to capabilities`,
      details: { ...context, undeclared },
    })
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

/** Anything unexpected during a scan still reaches the caller as a CONFIG_ERROR naming the package. */
function asConfigError(error: unknown, dir: string): CapstanError {
  if (isCapstanError(error, 'CONFIG_ERROR')) return error
  return pluginConfigError({ file: dir, field: '(root)', message: thrownMessage(error), details: { module: dir }, cause: error })
}

function isClass(fn: unknown): boolean {
  return typeof fn === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(fn))
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`
}

