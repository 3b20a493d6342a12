import type { Node } from '../../capabilities/models/node.js'
import type { NodeEvent } from '../../capabilities/models/node-event.js'
import { abortOutcome } from '../../execution/abort-outcome.js'
import { isLocalNode } from './is-local-node.js'

/**
 * Runs `runNode` for each local node of a batch, one after the other, and
 * makes sure every node of the batch gets a `node:finished`: a node that is
 * not local ends at once with an `error` (NOT_FOUND: this plugin runs only
 * on localhost), and nodes still waiting when the signal aborts end as
 * `timeout` / `cancelled` without running. Sequential, because the engine
 * sends this plugin batches of one and its queue is what bounds concurrency.
 */
export async function* runOnLocalNodes(nodes: readonly Node[], signal: AbortSignal, runNode: (node: Node) => AsyncGenerator<NodeEvent, void, undefined>): AsyncGenerator<NodeEvent, void, undefined> {
  const local = nodes.filter(isLocalNode)
  // Remote nodes first: they need no work, so they should not wait behind a long local run.
  for (const node of nodes.filter((n) => !isLocalNode(n))) {
    yield {
      type: 'node:finished',
      node: node.id,
      status: 'error',
      exitCode: null,
      error: { code: 'NOT_FOUND', message: `The local plugin runs only on localhost, not on ${node.id} (transport ${node.transport ?? 'unset'})`, details: { node: node.id } },
    }
  }
  for (const node of local) {
    if (signal.aborted) {
      yield { type: 'node:finished', node: node.id, ...abortOutcome(signal.reason), exitCode: null }
      continue
    }
    yield* runNode(node)
  }
}
