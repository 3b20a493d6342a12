import type { NodeError } from '../capabilities/models/execution.js'
import { CapstanError, isCapstanError } from '../errors/capstan-error.js'

/**
 * How a node ends when its work was stopped: `timeout` when the reason is a
 * TIMEOUT error, otherwise `cancelled`, with the reason as the node's error
 * (a reason that is not a CapstanError becomes CANCELLED, its message kept).
 * Spread it into a `node:finished` event for a node an abort signal stopped.
 *
 * @param reason - The stopping signal's `reason`.
 *
 * @example
 * ```ts
 * if (signal.aborted) yield { type: 'node:finished', node, exitCode: null, ...abortOutcome(signal.reason) }
 * ```
 */
export function abortOutcome(reason: unknown): { status: 'timeout' | 'cancelled'; error: NodeError } {
  const error = isCapstanError(reason) ? reason : new CapstanError('CANCELLED', { message: reason instanceof Error ? reason.message : 'Cancelled', cause: reason })
  return { status: error.code === 'TIMEOUT' ? 'timeout' : 'cancelled', error: { code: error.code, message: error.message } }
}
