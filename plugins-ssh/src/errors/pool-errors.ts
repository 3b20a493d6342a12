import { CapstanError } from 'capstan'

/** Why the connection pool failed a lease: `details.reason` of its UNAVAILABLE errors. */
export type PoolFailureReason = 'pool-closed' | 'connection-lost'

/** The caller gave up while waiting for a connection to `key` (`user@host:port`): CANCELLED, the abort reason as `cause`. */
export function poolWaitCancelledError(key: string, signal: AbortSignal): CapstanError {
  return new CapstanError('CANCELLED', { message: `Cancelled while waiting for an SSH connection to ${key}`, details: { target: key }, cause: signal.reason })
}

/** The pool was closed (the plugin is disposed): UNAVAILABLE, not retryable, reason `pool-closed`. */
export function poolClosedError(key: string): CapstanError {
  return poolFailure(key, 'pool-closed', `SSH connection pool is closed (${key})`, { retryable: false })
}

/** The connection died under a lease: UNAVAILABLE, reason `connection-lost`; the next acquire opens a new one. */
export function connectionLostError(key: string, cause?: unknown): CapstanError {
  return poolFailure(key, 'connection-lost', `SSH connection to ${key} was lost; the next acquire opens a new one`, cause === undefined ? {} : { cause })
}

function poolFailure(key: string, reason: PoolFailureReason, message: string, options: { retryable?: boolean; cause?: unknown }): CapstanError {
  return new CapstanError('UNAVAILABLE', { message, details: { target: key, reason }, ...options })
}
