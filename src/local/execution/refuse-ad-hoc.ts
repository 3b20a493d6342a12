import type { NodeEvent } from '../../capabilities/models/node-event.js'
import type { Node } from '../../capabilities/models/node.js'

/** An execution handler of the local plugin: a batch of nodes in, node events out. */
type LocalRun<B extends { nodes: Node[] }, C> = (batch: B, ctx: C) => AsyncIterable<NodeEvent>

/**
 * The handler, with the batch's transient nodes (uri targets, `local://x`)
 * ended as PERMISSION_DENIED unless `allowed`: they would run on this machine,
 * which no inventory node may name. The others run as usual.
 */
export function refuseAdHoc<B extends { nodes: Node[] }, C>(run: LocalRun<B, C>, allowed: boolean, plugin: string): LocalRun<B, C> {
  if (allowed) return run
  return async function* (batch, ctx) {
    const refused = batch.nodes.filter((node) => node.adHoc === true)
    for (const node of refused) {
      yield {
        type: 'node:finished',
        node: node.id,
        status: 'failure',
        exitCode: null,
        error: {
          code: 'PERMISSION_DENIED',
          message: `${node.id} would run on the machine running Capstan: plugin ${plugin} runs uri targets only with localPlugin({ adHocTargets: true })`,
          details: { reason: 'ad-hoc-local', option: 'adHocTargets' },
        },
      }
    }
    const rest = batch.nodes.filter((node) => node.adHoc !== true)
    if (rest.length > 0) yield* run({ ...batch, nodes: rest }, ctx)
  }
}
