import { isCapstanError } from './capstan-error.js'
import { readRetryable } from './read-retryable.js'

/** Codes that say the configuration or the environment is wrong: trying again cannot help until someone fixes it. */
const PERMANENT_CODES = new Set(['CONFIG_ERROR', 'VALIDATION_ERROR', 'NOT_FOUND', 'PERMISSION_DENIED'])

/** System errors of a backend that is not there yet (refused, unreachable, name not resolvable for now). */
const TRANSIENT_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EPIPE', 'EAI_AGAIN'])

/** HTTP statuses of a backend that is starting, overloaded or behind a proxy that cannot reach it yet. */
const TRANSIENT_STATUSES = new Set([429, 502, 503, 504])

/** How deep a chain of `cause`s is followed. */
const MAX_DEPTH = 8

/**
 * Whether a failure may go away by itself, so trying the same thing later can
 * succeed: the backend refused the connection, timed out, answered 503, or the
 * error says `retryable: true`. A bad option, bad file, missing executable or
 * denied permission (CONFIG_ERROR, VALIDATION_ERROR, NOT_FOUND,
 * PERMISSION_DENIED) is permanent whatever else it carries.
 *
 * A CapstanError that says `retryable: true` is transient. Otherwise its
 * `cause` chain is read too, because a plugin that throws a plain Error gets
 * wrapped in a PLUGIN_ERROR (not retryable by default) and only the original
 * error carries the system error code (`ECONNREFUSED`) or HTTP status (503).
 * Messages are never read.
 */
export function isTransientFailure(error: unknown): boolean {
  if (isCapstanError(error) && PERMANENT_CODES.has(error.code)) return false
  let current: unknown = error
  for (let depth = 0; depth < MAX_DEPTH && typeof current === 'object' && current !== null; depth++) {
    if (readRetryable(current) === true) return true
    const { code, errno, status, statusCode } = current as { code?: unknown; errno?: unknown; status?: unknown; statusCode?: unknown }
    if ([code, errno].some((c) => typeof c === 'string' && TRANSIENT_ERRNOS.has(c))) return true
    if ([status, statusCode].some((s) => typeof s === 'number' && TRANSIENT_STATUSES.has(s))) return true
    current = (current as { cause?: unknown }).cause
  }
  return false
}
