import type { NodeEvent } from 'capstan'
import { abortOutcome } from 'capstan/plugin-kit'
import type { RemoteSession } from './remote-session.js'
import { sudoRefusalMessage } from './sudo-dialogue.js'

/**
 * The `node:finished` event of a command whose channel has closed: stopped
 * (`cancelled`, or `timeout` for a TIMEOUT reason) when `stopped` gives the
 * stop's reason; `failure` with PERMISSION_DENIED when sudo did not run it;
 * `error` when the server sent no exit status; else `success` on exit 0 and
 * `failure` otherwise.
 */
export function remoteFinishedEvent(node: string, session: RemoteSession, stopped: { reason: unknown } | undefined): NodeEvent {
  const signal = session.exit?.signal
  if (stopped !== undefined) return { type: 'node:finished', node, exitCode: null, ...(signal === undefined ? {} : { signal }), ...abortOutcome(stopped.reason) }
  const refusal = session.sudoRefusal
  if (refusal !== undefined) {
    return {
      type: 'node:finished',
      node,
      status: 'failure',
      exitCode: session.exit?.code ?? null,
      error: { code: 'PERMISSION_DENIED', message: sudoRefusalMessage(refusal, node, session.sudoSaid) },
    }
  }
  if (session.exit === undefined) {
    return { type: 'node:finished', node, status: 'error', exitCode: null, error: { code: 'UNAVAILABLE', message: `The command on ${node} ended without an exit status (the connection may have dropped)` } }
  }
  const { code } = session.exit
  return { type: 'node:finished', node, status: code === 0 ? 'success' : 'failure', exitCode: code, ...(signal === undefined ? {} : { signal }) }
}
