import { CapstanError } from 'capstan'

/**
 * Throws CANCELLED (the abort reason as `cause`) when `signal` has aborted,
 * so no request is sent for a caller that has already gone.
 */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new CapstanError('CANCELLED', { message: `${what} cancelled`, cause: signal.reason })
}
