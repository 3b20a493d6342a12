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
  // A batch without transient nodes goes straight to the handler: no extra generator per output chunk.
  return (batch, ctx) => (batch.nodes.some((node) => node.adHoc === true) ? refusing(run, batch, ctx, plugin) : run(batch, ctx))
}

/** The batch's transient nodes ended PERMISSION_DENIED, then the others run. */
async function* refusing<B extends { nodes: Node[] }, C>(run: LocalRun<B, C>, batch: B, ctx: C, plugin: string): AsyncIterable<NodeEvent> {
  for (const node of batch.nodes.filter((n) => n.adHoc === true)) {
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
  const rest = batch.nodes.filter((n) => n.adHoc !== true)
  if (rest.length > 0) yield* run({ ...batch, nodes: rest }, ctx)
}
