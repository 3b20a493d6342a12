import { CapstanError, isCapstanError } from '../errors/capstan-error.js'
import type { NodeOutcome } from './node-tracker.js'

/**
 * How a node ends when its work was stopped: `timeout` when the reason is a
 * TIMEOUT error, otherwise `cancelled`, with the reason as the node's error.
 */
export function abortOutcome(reason: unknown): NodeOutcome & { status: 'timeout' | 'cancelled' } {
  const error = isCapstanError(reason) ? reason : new CapstanError('CANCELLED', { message: reason instanceof Error ? reason.message : 'Cancelled', cause: reason })
  return { status: error.code === 'TIMEOUT' ? 'timeout' : 'cancelled', error: { code: error.code, message: error.message } }
}
