import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'

/**
 * The conditions a plugin is imported under. The loader uses `import()`, so
 * `import` comes before the `require` target a dual package also ships.
 */
const conditions = new Set(['node', 'import', 'module-sync', 'default'])

/**
 * The file `import('<package><subpath>')` would load, following the package's
 * `exports` (conditions `node`, `import`, `default`, subpath patterns with
 * one `*`) or, without `exports`, its `main` (default `index.js`). Undefined
 * when `exports` does not expose the subpath.
 *
 * The loader resolves this itself rather than calling `import(name)` because a
 * bare `import()` resolves from the core's own location in node_modules, not
 * from the host application's directory the user meant.
 *
 * @param dir - the package directory
 * @param packageJson - its parsed package.json
 * @param subpath - `.` for the package itself, or `./sub/path`
 */
export function packageEntry(dir: string, packageJson: Record<string, unknown>, subpath = '.'): string | undefined {
  const exportsField = packageJson['exports']
  if (exportsField !== undefined && exportsField !== null) {
    const target = exportsTarget(exportsField, subpath)
    return target === undefined ? undefined : resolve(dir, target)
  }
  if (subpath !== '.') return withLegacyExtensions(resolve(dir, subpath))
  const main = typeof packageJson['main'] === 'string' && packageJson['main'] !== '' ? packageJson['main'] : 'index.js'
  return withLegacyExtensions(resolve(dir, main))
}

function exportsTarget(exportsField: unknown, subpath: string): string | undefined {
  if (!isSubpathMap(exportsField)) return subpath === '.' ? conditionalTarget(exportsField, undefined) : undefined
  if (Object.hasOwn(exportsField, subpath)) return conditionalTarget(exportsField[subpath], undefined)
  for (const [key, value] of Object.entries(exportsField)) {
    const star = key.indexOf('*')
    if (star === -1) continue
    const prefix = key.slice(0, star)
    const suffix = key.slice(star + 1)
    if (subpath.length >= key.length && subpath.startsWith(prefix) && subpath.endsWith(suffix)) {
      return conditionalTarget(value, subpath.slice(prefix.length, subpath.length - suffix.length))
    }
  }
  return undefined
}

/** `{ ".": ..., "./sub": ... }` rather than conditions or a plain target for `.`. */
function isSubpathMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).some((key) => key.startsWith('.'))
}

/** Node picks the first key, in object order, that is an active condition. */
function conditionalTarget(target: unknown, star: string | undefined): string | undefined {
  if (typeof target === 'string') return star === undefined ? target : target.replaceAll('*', star)
  if (Array.isArray(target)) {
    for (const item of target) {
      const found = conditionalTarget(item, star)
      if (found !== undefined) return found
    }
    return undefined
  }
  if (typeof target === 'object' && target !== null) {
    for (const [condition, value] of Object.entries(target)) {
      if (!conditions.has(condition)) continue
      const found = conditionalTarget(value, star)
      if (found !== undefined) return found
    }
  }
  return undefined
}

/** `main` may omit `.js` or name a directory, as CommonJS allowed. */
function withLegacyExtensions(file: string): string {
  for (const candidate of [file, `${file}.js`, resolve(file, 'index.js')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate
  }
  return file
}
