/**
 * A string key for a list of JSON-like parts, with object keys sorted at
 * every depth so `{ a, b }` and `{ b, a }` share a cache entry. Parts are kept
 * apart by the JSON array syntax, so no separator can collide with a value.
 */
export function cacheKey(...parts: unknown[]): string {
  return JSON.stringify(parts, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  )
}
