import type { Client } from 'ssh2'
import { CapstanError, errorCodes, type ErrorCode, type Facts } from 'capstan'
import { collectRemote, type CollectedRun } from '../remote-execution/collect-remote.js'
import { parseRemoteFacts } from './parse-remote-facts.js'
import { FACTS_SECTION_MARKER, REMOTE_FACTS_SCRIPT } from './remote-facts-script.js'

/** Options of {@link gatherRemoteFacts}. */
export interface GatherRemoteFactsOptions {
  /** The node's id: `Facts.node`, and named in every error. */
  node: string
  /** The plugin providing the facts, as `Facts.source`. */
  source: string
  /** Aborting stops the script on the node; the call rejects with CANCELLED. */
  signal?: AbortSignal | undefined
  /** Time limit for the script; past it the call rejects with TIMEOUT. */
  timeoutMs?: number | undefined
  /** Clock for `gatheredAt`. */
  now?: (() => Date) | undefined
}

/**
 * Facts of the node `client` is connected to, shaped like the core's
 * `gatherLocalFacts` ones: {@link REMOTE_FACTS_SCRIPT} run on one exec
 * channel, then read by {@link parseRemoteFacts}. Needs no root and no
 * tool beyond a POSIX shell; what the node lacks costs only its facts.
 *
 * @example
 * ```ts
 * const { facts } = await gatherRemoteFacts(client, { node: 'web01', source: 'ssh', timeoutMs: 30_000 })
 * facts.networking // { hostname: 'web01', ip: '192.0.2.10', primary: 'eth0', ... }
 * ```
 *
 * @throws CapstanError naming the node: CANCELLED when `signal` aborts,
 *   TIMEOUT when `timeoutMs` passes, UNAVAILABLE when the channel cannot be
 *   opened or the connection drops, PLUGIN_ERROR when the script fails
 *   without printing any facts.
 */
export async function gatherRemoteFacts(client: Client, options: GatherRemoteFactsOptions): Promise<Facts> {
  const { node } = options
  const gatheredAt = (options.now ?? (() => new Date()))().toISOString()
  const run = await collectRemote(client, { command: REMOTE_FACTS_SCRIPT }, {
    node,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  })
  if (run.status !== 'success' && run.status !== 'failure') throw stoppedError(node, run)
  // The script exits 0 whatever is missing; a failure that still printed sections lost only some facts.
  if (!run.stdout.includes(`${FACTS_SECTION_MARKER} `)) {
    const stderr = run.stderr.trim().split('\n').slice(-3).join('\n')
    throw new CapstanError('PLUGIN_ERROR', {
      message: `Cannot gather facts on ${node}: the facts script ${run.status === 'success' ? 'printed no facts' : `exited ${run.exitCode ?? 'without a status'}`}${stderr ? `: ${stderr}` : ''}`,
      details: { node, exitCode: run.exitCode },
    })
  }
  return parseRemoteFacts(run.stdout, { node, source: options.source, gatheredAt })
}

/** The error of a run that was cancelled, timed out or lost its connection. */
function stoppedError(node: string, run: CollectedRun): CapstanError {
  const fallback: ErrorCode = run.status === 'timeout' ? 'TIMEOUT' : run.status === 'cancelled' ? 'CANCELLED' : 'UNAVAILABLE'
  const code = errorCodes.find((known) => known === run.error?.code) ?? fallback
  const reason = run.error?.message ?? `the facts script ended with status ${run.status}`
  return new CapstanError(code, { message: `Cannot gather facts on ${node}: ${reason}`, details: { node } })
}
