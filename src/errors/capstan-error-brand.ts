import { errorCatalog } from './codes.js'

/**
 * The key every copy of the core sets on `CapstanError.prototype`.
 * `Symbol.for` reads the process-wide symbol registry, so the ESM and the
 * CJS build of the core, or two installed versions, share the one key and
 * recognise each other's errors. Never rename it: it is the contract between
 * copies.
 */
export const CAPSTAN_ERROR_BRAND = Symbol.for('capstan.error')

/**
 * True when `value` is a CapstanError made by any copy of the core: it
 * carries {@link CAPSTAN_ERROR_BRAND} and has the fields the core reads
 * (`code` one of this copy's catalog codes, a string `message`, a boolean
 * `retryable`, an object `details`).
 *
 * The brand alone is not enough. An object with the brand and a missing or
 * unknown code (garbage, or a newer core's code this copy cannot route on)
 * is not a CapstanError here, so `toCapstanError` wraps it as PLUGIN_ERROR
 * with the object as `cause` rather than passing on something whose `code`
 * the type would lie about. A value whose properties throw when read (a
 * Proxy, a getter) is not one either: the check never throws.
 */
export function hasCapstanErrorBrand(value: unknown): value is { code: string } {
  if (typeof value !== 'object' || value === null) return false
  try {
    const candidate = value as Record<PropertyKey, unknown>
    const code = candidate['code']
    return (
      candidate[CAPSTAN_ERROR_BRAND] === true &&
      typeof code === 'string' &&
      Object.hasOwn(errorCatalog, code) &&
      typeof candidate['message'] === 'string' &&
      typeof candidate['retryable'] === 'boolean' &&
      typeof candidate['details'] === 'object' &&
      candidate['details'] !== null
    )
  } catch {
    return false
  }
}
