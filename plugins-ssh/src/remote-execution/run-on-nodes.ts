import { getMaxListeners, setMaxListeners } from 'node:events'
import { toCapstanError, type Node, type NodeEvent } from 'capstan'
import type { Client } from 'ssh2'
import type { ConnectionPool, SshTarget } from '../connection/index.js'
import { mergeGenerators } from './merge-generators.js'

/** Abort listeners one node may add to the batch signal at once (pool wait, command, stop). */
const LISTENERS_PER_NODE = 4

/** What runs on one node once it has a connection. */
export type NodeWork = (node: Node, client: Client, target: SshTarget) => AsyncGenerator<NodeEvent, void, undefined>

/** How {@link runOnNodes} reaches the nodes. */
export interface RunOnNodesOptions {
  pool: ConnectionPool
  targetOf: (node: Node) => Promise<SshTarget>
  signal: AbortSignal
  /** Aborted when stopping may no longer wait for the grace (`ctx.killSignal`); every node listens to it too. */
  killSignal?: AbortSignal
}

/**
 * Runs `work` on every node at once, each on a pooled connection, and yields
 * their events interleaved as they arrive. A node that cannot be reached
 * (refused, timeout, authentication, host key, no key) ends `error` with the
 * connection's reason in `error.details`; the others go on. A pooled
 * connection found dead before the node started (the server went away while
 * it sat idle) is replaced once, transparently.
 */
export function runOnNodes(nodes: readonly Node[], options: RunOnNodesOptions, work: NodeWork): AsyncGenerator<NodeEvent, void, undefined> {
  // Every node of the batch listens to the batch's signal (pool wait, command, kill): that is no leak.
  for (const signal of [options.signal, options.killSignal]) if (signal !== undefined) setMaxListeners(Math.max(getMaxListeners(signal), nodes.length * LISTENERS_PER_NODE), signal)
  return mergeGenerators(nodes.map((node) => runOnNode(node, options, work)))
}

async function* runOnNode(node: Node, options: RunOnNodesOptions, work: NodeWork): AsyncGenerator<NodeEvent, void, undefined> {
  let target: SshTarget
  try {
    target = await options.targetOf(node)
  } catch (error) {
    yield unreachable(node.id, error)
    return
  }
  for (let attempt = 1; ; attempt += 1) {
    let lease
    try {
      lease = await options.pool.acquire(target, options.signal, { fresh: attempt > 1 })
    } catch (error) {
      yield unreachable(node.id, error)
      return
    }
    let started = false
    let retry = false
    try {
      for await (const event of work(node, lease.client, target)) {
        if (event.type === 'node:started') started = true
        if (event.type === 'node:finished' && event.status === 'error' && event.error?.code === 'UNAVAILABLE') {
          // Whatever went wrong, this connection is suspect: the next acquire gets a new one.
          lease.markBroken()
          if (!started && attempt === 1 && !options.signal.aborted) {
            retry = true
            break
          }
        }
        yield event
      }
    } finally {
      lease.release()
    }
    if (!retry) return
  }
}

/** The `error` end of a node that could not be reached. */
function unreachable(node: string, thrown: unknown): NodeEvent {
  const error = toCapstanError(thrown)
  const details = error.details as Record<string, unknown> | undefined
  return {
    type: 'node:finished',
    node,
    status: error.code === 'CANCELLED' ? 'cancelled' : 'error',
    exitCode: null,
    error: { code: error.code, message: error.message, ...(details === undefined ? {} : { details: safeDetails(details) }) },
  }
}

/** Connection details worth showing (reason, host, port, user, fingerprint, hop); never key material. */
function safeDetails(details: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {}
  for (const key of ['reason', 'host', 'port', 'user', 'fingerprint', 'hop', 'field', 'node']) if (details[key] !== undefined) kept[key] = details[key]
  return kept
}
