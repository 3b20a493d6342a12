import type { PluginManifest } from '../plugin-manifest.js'
import { pluginConfigError } from '../plugin-config-error.js'
import { isClass } from './describe-value.js'

/** A named factory of a plugin module. */
export interface Factory {
  name: string
  fn: (...args: unknown[]) => unknown
}

/**
 * Picks the factory of a plugin module: the export the request names, else
 * the manifest's `entry.factory`, else the default export, else the single
 * function export ending in `Plugin` (classes skipped).
 *
 * @throws CapstanError CONFIG_ERROR naming the file and field that chose a missing export, or `entry.factory` when the choice is ambiguous.
 */
export function pickFactory(
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
