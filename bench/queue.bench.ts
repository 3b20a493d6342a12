import type { CapabilityHandlers, NodeEvent } from '../src/index.js'
import { createCapstan, type Capstan } from '../src/index.js'
import type { Node } from '../src/capabilities/models/node.js'
import { createSilentLogger } from '../src/logging/silent-logger.js'
import { testPlugin } from '../src/testing/test-plugin.js'
import type { BenchResult } from './bench-result.js'
import { medianTimeAsync } from './median-time.js'

/** Nodes run per measured round, in both variants. */
const totalNodes = 10_000

type CommandHandler = NonNullable<CapabilityHandlers['command.execute']>
type CommandBatch = Parameters<CommandHandler>[0]

/** The no-op execution handler: every node of the batch succeeds at once. Shared by Capstan and the baseline. */
const noop: CommandHandler = async function* (batch) {
  for (const node of batch.nodes) yield { type: 'node:finished', node: node.id, status: 'success', exitCode: 0 } satisfies NodeEvent
}

/** `n00000`, `n00001`, … */
function nodeIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `n${String(i).padStart(5, '0')}`)
}

/** A Capstan with an inventory of `count` nodes and a plugin that runs commands as no-ops. */
async function capstanWith(count: number): Promise<Capstan> {
  const ids = nodeIds(count)
  return createCapstan({
    logger: createSilentLogger(),
    plugins: [
      testPlugin({ name: 'cmdb', capabilities: { 'inventory.list': async () => ({ nodes: ids.map((id) => ({ id })) }) } }),
      testPlugin({ name: 'noop', integrationTypes: ['remote-execution'], capabilities: { 'command.execute': noop } }),
    ],
  })
}

/**
 * The baseline: the same handler called directly once per node (a batch of
 * one, as the engine sends a plugin without a batch size) and drained, with
 * the context a plugin gets. What the engine adds on top is queueing, the
 * event stream, results, history and metrics.
 */
async function callDirectly(nodes: Node[]): Promise<number> {
  const ctx = { signal: new AbortController().signal, logger: createSilentLogger() }
  let finished = 0
  for (const node of nodes) {
    const batch: CommandBatch = { command: 'true', nodes: [node] }
    for await (const event of noop(batch, ctx)) if (event.type === 'node:finished') finished += 1
  }
  return finished
}

/** Runs `executions` executions of `perExecution` nodes each, all at once, and checks every node succeeded. */
async function runThroughCapstan(capstan: Capstan, targets: string[][]): Promise<void> {
  const results = await Promise.all(targets.map((t) => capstan.command.run({ targets: t.length === totalNodes ? 'all' : t, command: 'true' })))
  for (const result of results) {
    const ok = result.nodes.filter((n) => n.status === 'success').length
    if (result.status !== 'success' || ok !== result.nodes.length) throw new Error(`execution ${result.id} ended ${result.status} with ${ok}/${result.nodes.length} nodes successful`)
  }
  const nodes = results.reduce((sum, r) => sum + r.nodes.length, 0)
  if (nodes !== totalNodes) throw new Error(`ran ${nodes} nodes, expected ${totalNodes}`)
}

async function benchVariant(executions: number): Promise<BenchResult> {
  const perExecution = totalNodes / executions
  const capstan = await capstanWith(totalNodes)
  try {
    const ids = nodeIds(totalNodes)
    const targets = Array.from({ length: executions }, (_, e) => ids.slice(e * perExecution, (e + 1) * perExecution))
    // The linked nodes the engine hands the plugin, so both sides pass the same objects.
    const { nodes } = await capstan.inventory.list()
    if (nodes.length !== totalNodes) throw new Error(`the inventory holds ${nodes.length} nodes, expected ${totalNodes}`)
    if ((await callDirectly(nodes)) !== totalNodes) throw new Error('the baseline did not finish every node')
    const options = { warmups: 2, runs: 5 }
    const baselineMs = await medianTimeAsync(() => callDirectly(nodes), options)
    const ms = await medianTimeAsync(() => runThroughCapstan(capstan, targets), options)
    const perNode = (t: number) => (t * 1000) / totalNodes
    const ratio = ms / baselineMs
    return {
      name: `queue: ${executions} execution${executions === 1 ? '' : 's'} x ${perExecution.toLocaleString('en')} no-op nodes`,
      ms,
      baselineMs,
      ratio,
      goal: 'report only',
      met: true,
      summary: `${perNode(ms).toFixed(2)} µs/node (${ms.toFixed(1)} ms), handler called directly ${perNode(baselineMs).toFixed(2)} µs/node (${baselineMs.toFixed(1)} ms), ratio ${ratio.toFixed(1)}x`,
    }
  } finally {
    await capstan.close()
  }
}

/** One execution on all 10,000 nodes. */
export async function benchQueueOneExecution(): Promise<BenchResult> {
  return benchVariant(1)
}

/** 100 executions of 100 nodes each, started together. */
export async function benchQueueManyExecutions(): Promise<BenchResult> {
  return benchVariant(100)
}
