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
 */
export function isCapstanError(error: unknown): error is CapstanError
export function isCapstanError<C extends ErrorCode>(error: unknown, code: C): error is CapstanErrorOf<C>
export function isCapstanError(error: unknown, code?: ErrorCode): error is CapstanError {
  return error instanceof CapstanError && (code === undefined || error.code === code)
}

/**
 * Wraps anything thrown by plugin code into a {@link CapstanError}: a CapstanError
 * passes through, an AbortError becomes CANCELLED, anything else PLUGIN_ERROR with
 * the original kept as `cause`.
 */
export function toCapstanError(error: unknown, details: Record<string, unknown> = {}): CapstanError {
  if (error instanceof CapstanError) return error
  if (error instanceof Error && error.name === 'AbortError') {
    return new CapstanError('CANCELLED', { message: error.message || 'Cancelled', details, cause: error })
  }
  const message = thrownMessage(error)
  return new CapstanError('PLUGIN_ERROR', { message: `Plugin failed: ${message}`, details, cause: error })
}
