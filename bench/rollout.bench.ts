import type { CapabilityHandlers, NodeEvent } from '../src/index.js'
import { createCapstan, type Capstan, type RolloutOptions } from '../src/index.js'
import { createSilentLogger } from '../src/logging/silent-logger.js'
import { testPlugin } from '../src/testing/test-plugin.js'
import type { BenchResult } from './bench-result.js'
import { medianTimeAsync } from './median-time.js'

/** Nodes of the measured execution, with and without waves. */
const totalNodes = 10_000

/** Every node of the batch succeeds at once. */
const noop: NonNullable<CapabilityHandlers['command.execute']> = async function* (batch) {
  for (const node of batch.nodes) yield { type: 'node:finished', node: node.id, status: 'success', exitCode: 0 } satisfies NodeEvent
}

async function capstanWith(count: number): Promise<Capstan> {
  const ids = Array.from({ length: count }, (_, i) => `n${String(i).padStart(5, '0')}`)
  return createCapstan({
    logger: createSilentLogger(),
    plugins: [
      testPlugin({ name: 'cmdb', capabilities: { 'inventory.list': async () => ({ nodes: ids.map((id) => ({ id })) }) } }),
      testPlugin({ name: 'noop', integrationTypes: ['remote-execution'], capabilities: { 'command.execute': noop } }),
    ],
  })
}

/** One execution on every node, checked: every node succeeded, and every wave ran. */
async function runOnce(capstan: Capstan, rollout?: RolloutOptions): Promise<void> {
  const result = await capstan.command.run({ targets: 'all', command: 'true' }, rollout === undefined ? {} : { rollout })
  const ok = result.nodes.filter((n) => n.status === 'success').length
  if (result.status !== 'success' || ok !== totalNodes) throw new Error(`the execution ended ${result.status} with ${ok}/${totalNodes} nodes successful`)
  if (rollout !== undefined && result.rollout?.completedWaves !== Math.ceil(totalNodes / (rollout.batch as number))) throw new Error(`only ${result.rollout?.completedWaves} waves completed`)
}

async function variant(batch: number, goal: number | undefined): Promise<BenchResult> {
  const capstan = await capstanWith(totalNodes)
  try {
    const options = { warmups: 2, runs: 5 }
    await runOnce(capstan)
    const baselineMs = await medianTimeAsync(() => runOnce(capstan), options)
    const ms = await medianTimeAsync(() => runOnce(capstan, { batch }), options)
    const ratio = ms / baselineMs
    const waves = totalNodes / batch
    const perWave = (ms - baselineMs) / waves
    return {
      name: `rollout: ${totalNodes.toLocaleString('en')} no-op nodes in ${waves.toLocaleString('en')} waves of ${batch}`,
      ms,
      baselineMs,
      ratio,
      goal: goal === undefined ? 'report only' : `≤ ${goal}x the same execution without waves`,
      met: goal === undefined || ratio <= goal,
      details: [
        perWave >= 0
          ? `${(perWave * 1000).toFixed(0)} µs per wave beyond the execution without waves (${ms.toFixed(1)} ms against ${baselineMs.toFixed(1)} ms)`
          : `faster than without waves by ${(-perWave * 1000).toFixed(0)} µs per wave (${ms.toFixed(1)} ms against ${baselineMs.toFixed(1)} ms): fewer nodes wait in the queue at once`,
      ],
    }
  } finally {
    await capstan.close()
  }
}

/** Waves of 100 (100 waves): what a rollout adds per wave must not show next to the nodes' own cost. */
export async function benchRolloutWavesOf100(): Promise<BenchResult> {
  return variant(100, 1.25)
}

/** Waves of 10 (1,000 waves): every wave waits for its slowest node, so fewer nodes run at once; report only. */
export async function benchRolloutWavesOf10(): Promise<BenchResult> {
  return variant(10, undefined)
}
