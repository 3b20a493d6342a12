/**
 * Finds the first Bolt plugin reference (a mapping with a `_plugin` key) in a
 * parsed inventory, depth first in document order, and returns its path.
 *
 * Bolt resolves these by running plugins (a Vault lookup, a PuppetDB query, a
 * task); the local plugin runs none, so the parser refuses the file instead of
 * silently keeping a `{ _plugin: ... }` mapping where a value should be.
 *
 * @returns the path to the reference, or `undefined` when there is none
 */
export function findPluginReference(value: unknown, path: Array<string | number> = []): Array<string | number> | undefined {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findPluginReference(item, [...path, index])
      if (found) return found
    }
    return undefined
  }
  if (value !== null && typeof value === 'object') {
    if (Object.hasOwn(value, '_plugin')) return path
    for (const [key, item] of Object.entries(value)) {
      const found = findPluginReference(item, [...path, key])
      if (found) return found
    }
  }
  return undefined
}
