import { toCapstanError, type Node } from 'capstan'
import type { Client } from 'ssh2'
import type { ConnectionPool, SshTarget } from '../connection/index.js'

/** One node's answer to a query, or why it has none. */
export type NodeAnswer<T> = { node: string; value: T } | { node: string; error: { code: string; message: string } }

/**
 * Asks every node the same question at once, each on a pooled connection:
 * for queries (package lists, searches) whose result is per node, where one
 * unreachable node must not fail the others.
 */
export async function queryNodes<T>(
  nodes: readonly Node[],
  options: { pool: ConnectionPool; targetOf: (node: Node) => Promise<SshTarget>; signal: AbortSignal },
  ask: (node: Node, client: Client, target: SshTarget) => Promise<T>,
): Promise<Array<NodeAnswer<T>>> {
  return Promise.all(
    nodes.map(async (node): Promise<NodeAnswer<T>> => {
      try {
        const target = await options.targetOf(node)
        const lease = await options.pool.acquire(target, options.signal)
        try {
          return { node: node.id, value: await ask(node, lease.client, target) }
        } catch (error) {
          if (toCapstanError(error).code === 'UNAVAILABLE') lease.markBroken()
          throw error
        } finally {
          lease.release()
        }
      } catch (thrown) {
        const error = toCapstanError(thrown)
        return { node: node.id, error: { code: error.code, message: error.message } }
      }
    }),
  )
}
