import { isCapstanError } from './capstan-error.js'

/**
 * What an error says about retrying: a {@link capstan!CapstanError | CapstanError}'s `retryable`, or a
 * boolean `retryable` property on any other error object (errors from HTTP
 * clients often carry one). `undefined` when the error says nothing.
 *
 * Retry and circuit-breaker decisions read only this flag, never the message:
 * message text changes between versions and locales, the flag is the contract.
 */
export function readRetryable(error: unknown): boolean | undefined {
  if (isCapstanError(error)) return error.retryable
  if (typeof error === 'object' && error !== null && 'retryable' in error && typeof error.retryable === 'boolean') {
    return error.retryable
  }
  return undefined
}
