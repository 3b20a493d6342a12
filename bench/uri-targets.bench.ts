// Issue 16 part 3: what naming hosts by uri costs against naming inventory nodes. One
// execution of 100 targets over a 10,000-node inventory, through a no-op runner that
// declares ssh: by 100 inventory names (the baseline), by 100 uris no inventory knows
// (transient nodes), and by 100 uris of known nodes (resolved to those nodes).
import type { CapabilityHandlers, NodeEvent } from '../src/index.js'
import { createCapstan, type Capstan } from '../src/index.js'
import { createSilentLogger } from '../src/logging/silent-logger.js'
import { testPlugin } from '../src/testing/test-plugin.js'
import type { BenchResult } from './bench-result.js'
import { medianTimeAsync } from './median-time.js'

const inventorySize = 10_000
const targetCount = 100

type CommandHandler = NonNullable<CapabilityHandlers['command.execute']>

const noop: CommandHandler = async function* (batch) {
  for (const node of batch.nodes) yield { type: 'node:finished', node: node.id, status: 'success', exitCode: 0 } satisfies NodeEvent
}

/** `10.<i/256>.<i%256>.1`: the address of inventory node i. */
function address(i: number): string {
  return `10.${Math.floor(i / 256)}.${i % 256}.1`
}

async function capstanWith(count: number): Promise<Capstan> {
  const nodes = Array.from({ length: count }, (_, i) => ({ id: `node${String(i).padStart(5, '0')}.example.com`, uri: `ssh://admin@${address(i)}:22`, transport: 'ssh' }))
  return createCapstan({
    logger: createSilentLogger(),
    plugins: [
      testPlugin({ name: 'cmdb', capabilities: { 'inventory.list': async () => ({ nodes }) } }),
      testPlugin({ name: 'noop', integrationTypes: ['remote-execution'], transports: ['ssh'], capabilities: { 'command.execute': noop } }),
    ],
  })
}

async function runOn(capstan: Capstan, targets: string[], expected: (node: string) => boolean): Promise<void> {
  const result = await capstan.command.run({ targets, command: 'true' })
  if (result.status !== 'success' || result.nodes.length !== targets.length || !result.nodes.every((n) => expected(n.node))) {
    throw new Error(`ran ${result.nodes.length} nodes (${result.status}), expected ${targets.length}: ${result.nodes.slice(0, 3).map((n) => n.node).join(', ')}`)
  }
}

/** 100 uri targets against 100 inventory names, each in one execution over a 10,000-node inventory. */
export async function benchUriTargets(): Promise<BenchResult[]> {
  const capstan = await createCapstanChecked()
  try {
    const step = inventorySize / targetCount
    const names = Array.from({ length: targetCount }, (_, i) => `node${String(i * step).padStart(5, '0')}.example.com`)
    const unknown = Array.from({ length: targetCount }, (_, i) => `ssh://ops@192.168.${Math.floor(i / 256)}.${i % 256}:2222`)
    const known = Array.from({ length: targetCount }, (_, i) => `ssh://${address(i * step)}`)
    const options = { warmups: 3, runs: 15 }
    const baselineMs = await medianTimeAsync(() => runOn(capstan, names, (n) => n.endsWith('.example.com')), options)
    const adHocMs = await medianTimeAsync(() => runOn(capstan, unknown, (n) => n.startsWith('ssh://ops@')), options)
    const knownMs = await medianTimeAsync(() => runOn(capstan, known, (n) => n.endsWith('.example.com')), options)
    const result = (name: string, ms: number): BenchResult => {
      const ratio = ms / baselineMs
      return {
        name,
        ms,
        baselineMs,
        ratio,
        goal: '<= 1.5x the same execution by inventory names',
        met: ratio <= 1.5,
        summary: `${ms.toFixed(2)} ms, by inventory names ${baselineMs.toFixed(2)} ms, ratio ${ratio.toFixed(2)}x`,
      }
    }
    return [
      result(`uri targets: ${targetCount} transient nodes, ${inventorySize.toLocaleString('en')}-node inventory`, adHocMs),
      result(`uri targets: ${targetCount} uris of known nodes, ${inventorySize.toLocaleString('en')}-node inventory`, knownMs),
    ]
  } finally {
    await capstan.close()
  }
}

async function createCapstanChecked(): Promise<Capstan> {
  const capstan = await capstanWith(inventorySize)
  const { nodes } = await capstan.inventory.list()
  if (nodes.length !== inventorySize) throw new Error(`the inventory holds ${nodes.length} nodes, expected ${inventorySize}`)
  return capstan
}
