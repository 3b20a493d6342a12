import { existsSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findPackage, findPackageAbove, readPackage, type FoundPackage } from './find-package.js'
import { packageEntry } from './package-entry.js'
import { pluginConfigError } from './plugin-config-error.js'

/** True for a specifier that is a path (`./x`, `../x`, `/x`, `file:`), not a package name. */
export function isPathSpecifier(module: string): boolean {
  return module === '.' || module === '..' || module.startsWith('./') || module.startsWith('../') || module.startsWith('file:') || isAbsolute(module)
}

/**
 * The plugin package `module` names, and the file to import when `module`
 * names one: a package name looked up in the `node_modules` folders above
 * `from`, a package directory, or a file inside a package (a relative path
 * from `from`). The loader and `capstan --help` both find packages here, so
 * they say the same thing about one that is missing.
 *
 * @throws CapstanError CONFIG_ERROR naming the file and field at fault, and what to do.
 */
export async function locatePluginPackage(module: string, from: string): Promise<{ pkg: FoundPackage; explicitFile?: string }> {
  if (!isPathSpecifier(module)) {
    const pkg = await findPackage(module, from)
    if (pkg === undefined) {
      throw pluginConfigError({
        file: module,
        field: 'module',
        message: `cannot find the package from ${from}: install it there, or set \`from\` to the directory whose node_modules holds it`,
        details: { module, from },
      })
    }
    if (pkg.subpath === '.') return { pkg }
    const file = packageEntry(pkg.dir, pkg.packageJson, pkg.subpath)
    if (file === undefined) {
      throw pluginConfigError({ file: pkg.packageJsonFile, field: 'exports', message: `does not export "${pkg.subpath}"`, details: { module } })
    }
    return { pkg, explicitFile: file }
  }

  const target = module.startsWith('file:') ? fileURLToPath(module) : resolve(from, module)
  let isDirectory: boolean
  try {
    isDirectory = (await stat(target)).isDirectory()
  } catch (error) {
    throw pluginConfigError({ file: target, field: '(root)', message: 'no such file or directory', details: { module }, cause: error })
  }
  if (isDirectory) {
    const packageJsonFile = join(target, 'package.json')
    if (!existsSync(packageJsonFile)) {
      throw pluginConfigError({
        file: packageJsonFile,
        field: '(root)',
        message: 'missing: a plugin directory is a package, e.g. { "type": "module", "exports": "./index.js", "capstan": { "plugin": "./plugin.json" } }',
        details: { module },
      })
    }
    return { pkg: { ...(await readPackage(packageJsonFile)), subpath: '.' } }
  }
  const above = await findPackageAbove(target)
  if (above.found === undefined) {
    throw pluginConfigError({
      file: above.nearest ?? target,
      field: 'capstan.plugin',
      message: `missing: no package.json above ${target} names a plugin manifest`,
      details: { module },
    })
  }
  return { pkg: above.found, explicitFile: target }
}

/** The manifest named by the package.json field `capstan.plugin`. */
export function manifestPath(pkg: FoundPackage, module: string): string {
  const capstan = pkg.packageJson['capstan']
  const pointer = isRecord(capstan) ? capstan['plugin'] : undefined
  if (typeof pointer !== 'string' || pointer === '') {
    throw pluginConfigError({
      file: pkg.packageJsonFile,
      field: 'capstan.plugin',
      message: 'missing: a Capstan plugin package names its manifest here, e.g. "capstan": { "plugin": "./plugin.json" }',
      details: { module },
    })
  }
  return resolve(pkg.dir, pointer)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
