import { isCapstanError } from './capstan-error.js'

/**
 * A short key for the kind of a failure, so two failures of a backend can be
 * told to be "the same": a CapstanError's code with its HTTP status or
 * reason (`TIMEOUT`, `UNAVAILABLE:503`, `UNAVAILABLE:connection-refused`), a
 * Node system error's code (`ECONNREFUSED`), else the error's name.
 */
export function failureSignature(error: unknown): string {
  if (isCapstanError(error)) {
    const { status, reason } = error.details
    const detail = typeof status === 'number' ? String(status) : typeof reason === 'string' ? reason : undefined
    return detail === undefined ? error.code : `${error.code}:${detail}`
  }
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string') return code
  return error instanceof Error ? error.name : typeof error
}
