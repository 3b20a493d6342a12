import { CapstanError, isCapstanError } from './capstan-error.js'

/**
 * The error for work that `signal` stopped: the signal's reason when that is
 * already a CapstanError (a TIMEOUT, a CANCELLED from further up), otherwise
 * CANCELLED with the reason as `cause`. One shape, whether the signal aborted
 * before the call or during it.
 */
export function cancelledError(signal: AbortSignal, message: string, details: Record<string, unknown> = {}): CapstanError {
  const reason: unknown = signal.reason
  if (isCapstanError(reason)) return reason
  return new CapstanError('CANCELLED', { message, details, cause: reason })
}
