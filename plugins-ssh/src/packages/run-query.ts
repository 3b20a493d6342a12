import type { Client } from 'ssh2'
import { CapstanError } from 'capstan'
import { collectRemote, type CollectedRun } from '../remote-execution/collect-remote.js'

/** Where and how a read-only package query runs. */
export interface QueryTarget {
  /** The node's id, for events and messages. */
  node: string
  /** Aborting stops the query. */
  signal?: AbortSignal
  /** The query's own time limit. */
  timeoutMs?: number
}

/**
 * Runs a read-only query (no sudo) and returns its output when it exited 0
 * or with one of `okExitCodes`.
 *
 * @throws CapstanError CANCELLED or TIMEOUT when stopped, UNAVAILABLE when
 *   the command could not run, PLUGIN_ERROR naming the command's exit code
 *   and stderr when it failed.
 */
export async function runQuery(client: Client, command: string, target: QueryTarget, what: string, okExitCodes: readonly number[] = []): Promise<CollectedRun> {
  const run = await collectRemote(client, { command }, { node: target.node, ...(target.signal ? { signal: target.signal } : {}), ...(target.timeoutMs === undefined ? {} : { timeoutMs: target.timeoutMs }) })
  if (run.status === 'success' || (run.status === 'failure' && run.exitCode !== null && okExitCodes.includes(run.exitCode))) return run
  const details = { node: target.node, exitCode: run.exitCode }
  if (run.status === 'cancelled' || run.status === 'timeout') throw new CapstanError(run.status === 'timeout' ? 'TIMEOUT' : 'CANCELLED', { message: run.error?.message ?? `${what} on ${target.node} was stopped`, details })
  if (run.status !== 'failure') throw new CapstanError('UNAVAILABLE', { message: run.error?.message ?? `Cannot ${what} on ${target.node}`, details })
  const stderr = run.stderr.trim().split('\n').slice(-5).join('\n')
  throw new CapstanError('PLUGIN_ERROR', { message: `Cannot ${what} on ${target.node}: exit code ${run.exitCode}${stderr ? `: ${stderr}` : ''}`, details: { ...details, stderr } })
}
