import { CapstanError } from 'capstan'
import type { Hop } from '../connection/hop.js'
import type { ConnectFailureReason } from './connect-failure-reason.js'

/** What else a hop failure carries: its cause, whether a retry may help, and more details (`fingerprint`). */
export type HopFailureOptions = { cause?: unknown; retryable?: boolean; extra?: Record<string, unknown> }

/**
 * A CapstanError for `hop`: UNAVAILABLE (CANCELLED for `cancelled`) with why
 * the connection failed as `details.reason`, and `details.hop`, `host`, `port`, `user`.
 */
export function hopFailure(hop: Hop, reason: ConnectFailureReason, message: string, options: HopFailureOptions = {}): CapstanError {
  return new CapstanError(reason === 'cancelled' ? 'CANCELLED' : 'UNAVAILABLE', {
    message,
    details: { host: hop.target.host, port: hop.port, user: hop.target.username, hop: hop.label, reason, ...(hop.via === undefined ? {} : { destination: hop.via }), ...options.extra },
    ...(options.cause === undefined ? {} : { cause: options.cause }),
    ...(options.retryable === undefined ? {} : { retryable: options.retryable }),
  })
}
