import { CAPSTAN_ERROR_BRAND, hasCapstanErrorBrand } from './capstan-error-brand.js'
import { errorCatalog, type ErrorCode } from './codes.js'
import type { DetailsOf } from './error-details.js'
import type { FieldIssue } from './field-issue.js'
import { thrownMessage } from './thrown-message.js'

/** Options accepted by {@link CapstanError}. */
export interface CapstanErrorOptions {
  /** Overrides the catalog's default message. */
  message?: string | undefined
  /**
   * Structured context: field paths, plugin, capability, node. Never secrets.
   * For VALIDATION_ERROR and CONFIG_ERROR, `issues` may be left out: it is
   * then made from `field` (or `(root)`) and the message.
   */
  details?: Record<string, unknown> | undefined
  /** The underlying error, kept as the standard `Error.cause`. */
  cause?: unknown
  /** Overrides the catalog's default for whether retrying may help. */
  retryable?: boolean | undefined
}

/**
 * The one error type Capstan throws. Branch on `code`, never on the message.
 * `isCapstanError(e, code)` narrows `details` to that code's shape
 * ({@link CapstanErrorDetails}).
 *
 * Recognised by a brand, not by class identity: a plugin that loaded
 * another copy of the core (the CJS build under an ESM host, another
 * installed version) throws that copy's class, and `e instanceof
 * CapstanError` and `isCapstanError(e)` are still true for it, so its code,
 * details and `retryable` reach the host unchanged. A subclass of
 * CapstanError keeps the ordinary prototype check for `instanceof`.
 *
 * @example
 * ```ts
 * try { await capstan.invokeUnchecked('inventory.get', { node: 42 }) }
 * catch (e) { if (isCapstanError(e, 'VALIDATION_ERROR')) console.log(e.details.issues[0]?.path) }
 * ```
 */
export class CapstanError extends Error {
  override readonly name = 'CapstanError'
  /** Machine-readable error code from the catalog. */
  readonly code: ErrorCode
  /** Whether the same call may succeed if tried again. */
  readonly retryable: boolean
  /** Structured context for the error (field paths, plugin, capability, node); `isCapstanError(e, code)` types it by code. */
  readonly details: Record<string, unknown>

  static {
    // On the prototype, not on each instance: logs and `util.inspect` do not show it, and subclasses inherit it.
    Object.defineProperty(this.prototype, CAPSTAN_ERROR_BRAND, { value: true })
  }

  /**
   * `value instanceof CapstanError` is true for a CapstanError of any copy
   * of the core (see {@link isCapstanError}). For a subclass,
   * `value instanceof Subclass` is the ordinary prototype-chain check.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== CapstanError) return Function.prototype[Symbol.hasInstance].call(this, value)
    return hasCapstanErrorBrand(value)
  }

  constructor(code: ErrorCode, options: CapstanErrorOptions = {}) {
    const entry: { message: string; retryable: boolean; listsIssues?: true } = errorCatalog[code]
    const message = bounded(options.message ?? entry.message)
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.retryable = options.retryable ?? entry.retryable
    const details: Record<string, unknown> = options.details ?? {}
    this.details = entry.listsIssues === true ? withIssues(details, message) : details
  }

  /** A plain object for logs and JSON output (no stack, cause summarised). */
  toJSON(): { name: string; code: ErrorCode; message: string; retryable: boolean; details: Record<string, unknown>; cause?: string | undefined } {
    const cause = this.cause instanceof Error ? this.cause.message : this.cause === undefined ? undefined : String(this.cause)
    return { name: this.name, code: this.code, message: this.message, retryable: this.retryable, details: this.details, ...(cause === undefined ? {} : { cause }) }
  }
}

/** Most characters of a message: whatever a builder put in it, an error stays small enough to log and send. */
const MAX_MESSAGE_LENGTH = 4_096

function bounded(message: string): string {
  return message.length <= MAX_MESSAGE_LENGTH ? message : `${message.slice(0, MAX_MESSAGE_LENGTH)}… (${message.length - MAX_MESSAGE_LENGTH} more characters)`
}

/** Gives an error about fields its `issues` list when its creator named only the `field` (or nothing). */
function withIssues(details: Record<string, unknown>, message: string): Record<string, unknown> {
  if (Array.isArray(details.issues) && details.issues.length > 0) return details
  const path = typeof details.field === 'string' ? details.field : '(root)'
  // A message that already starts with its field (`query: cannot be empty`) is not prefixed twice where issues are printed as `path: message`.
  const issues: FieldIssue[] = [{ path, message: message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message }]
  return { ...details, issues }
}

/** A {@link CapstanError} known to carry code `C`, with `details` typed for that code. */
export type CapstanErrorOf<C extends ErrorCode> = CapstanError & { readonly code: C; readonly details: DetailsOf<C> }

/**
 * True when `error` is a {@link CapstanError}, optionally with the given
 * code; with a code, `error.code` and `error.details` are narrowed to that
 * code's ({@link CapstanErrorDetails}).
 *
 * Any copy of the core counts: an error made by the CJS build is
 * recognised by the ESM build and the other way round (the copies share a
 * `Symbol.for('capstan.error')` brand). An object that carries the brand
 * but not a string `code` this copy knows, a string `message`, a boolean
 * `retryable` and an object `details` is not a CapstanError.
 *
 * @example
 * ```ts
 * try { await capstan.facts.get('web01') }
 * catch (e) { if (!isCapstanError(e, 'NOT_FOUND')) throw e } // an unknown node is not a failure here
 * ```
 */
export function isCapstanError(error: unknown): error is CapstanError
export function isCapstanError<C extends ErrorCode>(error: unknown, code: C): error is CapstanErrorOf<C>
export function isCapstanError(error: unknown, code?: ErrorCode): error is CapstanError {
  return hasCapstanErrorBrand(error) && (code === undefined || (error as { code: string }).code === code)
}

/**
 * Wraps anything thrown by plugin code into a {@link CapstanError}: a CapstanError
 * passes through as it is (one made by another copy of the core too, with its
 * code, message, details, `retryable` and cause), an AbortError becomes
 * CANCELLED, anything else (a branded object that fails {@link isCapstanError}
 * included) PLUGIN_ERROR with the original kept as `cause`.
 */
export function toCapstanError(error: unknown, details: Record<string, unknown> = {}): CapstanError {
  if (isCapstanError(error)) return error
  if (error instanceof Error && error.name === 'AbortError') {
    return new CapstanError('CANCELLED', { message: error.message || 'Cancelled', details, cause: error })
  }
  const message = thrownMessage(error)
  return new CapstanError('PLUGIN_ERROR', { message: `Plugin failed: ${message}`, details, cause: error })
}
