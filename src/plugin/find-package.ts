import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { readJsonFile } from './read-json-file.js'

/** A package directory and its parsed package.json. */
export interface FoundPackage {
  /** The package directory. */
  dir: string
  /** Its package.json. */
  packageJsonFile: string
  /** The parsed package.json. */
  packageJson: Record<string, unknown>
  /** The part of the specifier after the package name, `.` for the package itself. */
  subpath: string
}

/**
 * Finds the package a bare specifier (`@scope/name/sub`, `name`) names, with
 * Node's lookup through the `node_modules` folders above `fromDir` (and
 * NODE_PATH). Looks for the package directory itself rather than resolving
 * the module, so it works whatever the package's `exports` expose.
 */
export async function findPackage(specifier: string, fromDir: string): Promise<FoundPackage | undefined> {
  const parts = specifier.split('/')
  const nameLength = specifier.startsWith('@') ? 2 : 1
  const name = parts.slice(0, nameLength).join('/')
  const rest = parts.slice(nameLength).join('/')
  const subpath = rest === '' ? '.' : `./${rest}`
  // createRequire only needs a path inside fromDir; the file itself need not exist.
  const lookup = createRequire(join(fromDir, 'noop.js')).resolve.paths(name) ?? []
  for (const modulesDir of lookup) {
    const packageJsonFile = join(modulesDir, name, 'package.json')
    if (existsSync(packageJsonFile)) return { ...(await readPackage(packageJsonFile)), subpath }
  }
  return undefined
}

/**
 * The nearest package above `file` whose package.json has a `capstan` field.
 * Nearer package.json files without it are skipped, because dual packages
 * put a bare `{"type":"commonjs"}` package.json inside their dist folder.
 * Undefined when none has the field; `nearest` is then the closest package.json.
 */
export async function findPackageAbove(file: string): Promise<{ found?: FoundPackage; nearest?: string }> {
  let nearest: string | undefined
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const packageJsonFile = join(dir, 'package.json')
    if (existsSync(packageJsonFile)) {
      nearest ??= packageJsonFile
      const found = await readPackage(packageJsonFile)
      if (found.packageJson['capstan'] !== undefined) return { found: { ...found, subpath: '.' }, nearest }
    }
    if (dirname(dir) === dir) return nearest === undefined ? {} : { nearest }
  }
}

/** Reads a package.json; a file that is valid JSON but not an object reads as `{}`. */
export async function readPackage(packageJsonFile: string): Promise<Omit<FoundPackage, 'subpath'>> {
  const json = await readJsonFile(packageJsonFile)
  const packageJson = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {}
  return { dir: dirname(packageJsonFile), packageJsonFile, packageJson }
}
