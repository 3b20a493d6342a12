import type { NodeEvent } from '../../capabilities/models/node-event.js'
import { abortOutcome } from '../../execution/abort-outcome.js'
import type { NodeProcessOutcome } from './node-process-outcome.js'

/** The `node:finished` event of a plugin. */
export type NodeFinishedEvent = Extract<NodeEvent, { type: 'node:finished' }>

/**
 * The `node:finished` event for a command or script: exit 0 is `success`,
 * any other exit `failure` (the exit code says enough, so no error object);
 * a process stopped by the execution's signal is `timeout` when the reason
 * is a TIMEOUT error and `cancelled` otherwise, with the exit as it really
 * was (exit code null and the signal, once killed); one that could not start is
 * `error` with the reason.
 */
export function processFinishedEvent(node: string, outcome: NodeProcessOutcome): NodeFinishedEvent {
  switch (outcome.kind) {
    case 'failed':
      return { type: 'node:finished', node, status: 'error', exitCode: null, error: { code: outcome.error.code, message: outcome.error.message, details: outcome.error.details } }
    case 'stopped':
      return { type: 'node:finished', node, ...abortOutcome(outcome.reason), exitCode: outcome.exitCode, ...signalOf(outcome) }
    case 'exited':
      return { type: 'node:finished', node, status: outcome.exitCode === 0 ? 'success' : 'failure', exitCode: outcome.exitCode, ...signalOf(outcome) }
  }
}

function signalOf(outcome: { signal?: string }): { signal?: string } {
  return outcome.signal === undefined ? {} : { signal: outcome.signal }
}
