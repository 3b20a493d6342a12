import { isCapstanError } from './capstan-error.js'
import { errorCatalog } from './codes.js'

/**
 * The HTTP status of a response that carries `error`: the catalog's
 * `httpStatus` for a {@link CapstanError}'s code (VALIDATION_ERROR 400,
 * PERMISSION_DENIED 403, NOT_FOUND 404, UNAVAILABLE 503, ...), 500 for
 * anything else, which is a bug to look at rather than the caller's doing.
 *
 * @example
 * ```ts
 * reply.code(httpStatusOf(error)).send(isCapstanError(error) ? error.toJSON() : { message: 'Internal error' })
 * ```
 */
export function httpStatusOf(error: unknown): number {
  return isCapstanError(error) ? errorCatalog[error.code].httpStatus : 500
}
