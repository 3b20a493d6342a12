import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { findPackage, type FoundPackage } from '../find-package.js'
import { isPathSpecifier } from '../locate-plugin-package.js'
import { packageEntry } from '../package-entry.js'
import { pluginConfigError } from '../plugin-config-error.js'
import type { PluginManifest } from '../plugin-manifest.js'

/** Where the module to import is, and which file and field named it (for errors). */
export interface EntryModule {
  file: string
  namedBy: { file: string; field: string }
}

/** The module a package-level load imports: `entry.module`, else the package's exports / main. */
export async function entryModule(pkg: FoundPackage, manifest: PluginManifest, manifestFile: string): Promise<EntryModule> {
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
