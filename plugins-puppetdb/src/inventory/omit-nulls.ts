/** `fields` with its null and undefined values left out. */
export type WithoutNulls<T> = { [K in keyof T]?: NonNullable<T[K]> }

/**
 * Drops the fields whose value is null or undefined. PuppetDB answers null
 * for "not known" (no catalog yet, PE-only fields); Capstan's models leave
 * such fields out rather than carry a null (or, worse, the string "null").
 */
export function omitNulls<T extends Record<string, unknown>>(fields: T): WithoutNulls<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== undefined)) as WithoutNulls<T>
}
