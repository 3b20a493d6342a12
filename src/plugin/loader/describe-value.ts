/** `null`, `an array`, `an object`, `undefined`, `a string`...: what a value is, for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`
}

/** `"a", "b"`: ids or names quoted for a message. */
export const quoted = (names: readonly string[]) => names.map((name) => `"${name}"`).join(', ')

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** True for a `class` (which must be constructed, not called). */
export function isClass(fn: unknown): boolean {
  return typeof fn === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(fn))
}
