import { errorCatalog, type ErrorCode } from './codes.js'

/** Options accepted by {@link CapstanError}. */
export interface CapstanErrorOptions {
  /** Overrides the catalog's default message. */
  message?: string
  /** Structured context: field paths, plugin, capability, node. Never secrets. */
  details?: Record<string, unknown>
  /** The underlying error, kept as the standard `Error.cause`. */
  cause?: unknown
  /** Overrides the catalog's default for whether retrying may help. */
  retryable?: boolean
}

/**
 * The one error type Capstan throws. Branch on `code`, never on the message.
 *
 * @example
 * ```ts
 * try { await capstan.invoke('inventory.get', { node: 42 }) }
 * catch (e) { if (isCapstanError(e, 'VALIDATION_ERROR')) console.log(e.details.issues) }
 * ```
 */
export class CapstanError extends Error {
  override readonly name = 'CapstanError'
  /** Machine-readable error code from the catalog. */
  readonly code: ErrorCode
  /** Whether the same call may succeed if tried again. */
  readonly retryable: boolean
  /** Structured context for the error (field paths, plugin, capability, node). */
  readonly details: Record<string, unknown>

  constructor(code: ErrorCode, options: CapstanErrorOptions = {}) {
    super(options.message ?? errorCatalog[code].message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.retryable = options.retryable ?? errorCatalog[code].retryable
    this.details = options.details ?? {}
  }

  /** A plain object for logs and JSON output (no stack, cause summarised). */
  toJSON(): { name: string; code: ErrorCode; message: string; retryable: boolean; details: Record<string, unknown>; cause?: string } {
    const cause = this.cause instanceof Error ? this.cause.message : this.cause === undefined ? undefined : String(this.cause)
    return { name: this.name, code: this.code, message: this.message, retryable: this.retryable, details: this.details, ...(cause === undefined ? {} : { cause }) }
  }
}

/** True when `error` is a {@link CapstanError}, optionally with the given code. */
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
  const message = error instanceof Error ? error.message : String(error)
  return new CapstanError('PLUGIN_ERROR', { message: `Plugin failed: ${message}`, details, cause: error })
}
