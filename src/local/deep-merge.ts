/** A plain mapping, as YAML and JSON produce. */
type Mapping = Record<string, unknown>

function isMapping(value: unknown): value is Mapping {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/**
 * Merges `override` into `base` the way Bolt's `Bolt::Util.deep_merge` does:
 * mappings merge key by key at every depth, anything else (lists included) in
 * `override` replaces what `base` had. Neither input is modified.
 *
 * @example
 * ```ts
 * deepMerge({ ssh: { user: 'root', port: 22 } }, { ssh: { port: 2222 } })
 * // { ssh: { user: 'root', port: 2222 } }
 * ```
 */
export function deepMerge(base: Mapping, override: Mapping): Mapping {
  const out: Mapping = { ...base }
  for (const [key, value] of Object.entries(override)) {
    const current = Object.hasOwn(out, key) ? out[key] : undefined
    const merged = isMapping(current) && isMapping(value) ? deepMerge(current, value) : value
    // defineProperty, not assignment: a YAML key `__proto__` must stay a key.
    Object.defineProperty(out, key, { value: merged, enumerable: true, writable: true, configurable: true })
  }
  return out
}
