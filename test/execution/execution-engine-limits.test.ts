import type { CapabilityHandlers, SourceNode } from 'capstan'
import { createTestCapstan, testPlugin } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { deferred, resolved, sleep, within } from '@capstan/test-support/async'
import { executionPlugin } from '../support/execution-plugin.js'
import { InFlight, inventoryOf, nodeIds, waitFor } from '../support/executions.js'

const perNodeMs = 20

/** A command.execute handler that spends `perNodeMs` on every node of its batch, counting the nodes in flight. */
function slowHandler(...counters: InFlight[]): CapabilityHandlers {
  return {
    'command.execute': async function* (batch) {
      const weight = batch.nodes.length
      for (const counter of counters) counter.enter(weight)
      try {
        await sleep(perNodeMs)
      } finally {
        for (const counter of counters) counter.leave(weight)
      }
      for (const node of batch.nodes) yield { type: 'node:finished', node: node.id, status: 'success', exitCode: 0 }
    },
  }
}

const nodesOn = (transport: string, ids: string[]): SourceNode[] => ids.map((id) => ({ id, transport }))

describe('the global concurrency limit', () => {
  it('keeps exactly `concurrency` nodes in flight across an execution of 30 slow nodes: never more, and not less', async () => {
    const inFlight = new InFlight()
    const runner = testPlugin({ name: 'runner', integrationTypes: ['remote-execution'], capabilities: slowHandler(inFlight) })
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', nodesOn('ssh', nodeIds('n', 30))), runner], concurrency: 4 })
    const result = await within(resolved(capstan.command.run({ targets: 'all', command: 'x' })), 10_000, 'the execution')
    expect(result.status).toBe('success')
    expect(result.nodes).toHaveLength(30)
    expect(inFlight.max).toBe(4)
    expect(capstan.queue.stats()).toMatchObject({ running: 0, queued: 0, completed: 30, concurrency: 4 })
  })

  it('applies across executions', async () => {
    const inFlight = new InFlight()
    const runner = testPlugin({ name: 'runner', integrationTypes: ['remote-execution'], capabilities: slowHandler(inFlight) })
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', nodesOn('ssh', nodeIds('n', 6))), runner], concurrency: 3 })
    const runs = [1, 2, 3].map(() => capstan.command.run({ targets: 'all', command: 'x' }))
    const results = await within(Promise.all(runs), 10_000, 'the executions')
    expect(results.map((r) => r.status)).toEqual(['success', 'success', 'success'])
    expect(inFlight.max).toBe(3)
  })

  it('follows capstan.queue.setConcurrency at run time', async () => {
    const inFlight = new InFlight()
    const runner = testPlugin({ name: 'runner', integrationTypes: ['remote-execution'], capabilities: slowHandler(inFlight) })
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', nodesOn('ssh', nodeIds('n', 12))), runner], concurrency: 6 })
    capstan.queue.setConcurrency(2)
    await within(resolved(capstan.command.run({ targets: 'all', command: 'x' })), 10_000, 'the execution')
    expect(inFlight.max).toBe(2)
    expect(capstan.queue.stats().concurrency).toBe(2)
  })
})

describe('the queue order', () => {
  it('is first in, first out, with a higher priority served first', async () => {
    const order: string[] = []
    const release = deferred()
    const runner = testPlugin({
      name: 'runner',
      integrationTypes: ['remote-execution'],
      capabilities: {
        'command.execute': async function* (batch) {
          order.push(batch.command)
          if (batch.command === 'first') await release.promise
          for (const node of batch.nodes) yield { type: 'node:finished', node: node.id, status: 'success', exitCode: 0 }
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', [{ id: 'n1' }]), runner], concurrency: 1 })
    const first = capstan.command.execute({ targets: 'n1', command: 'first' })
    await waitFor(() => order.length === 1, 5000, 'the first run')
    const runs = [first]
    for (const [command, priority] of [['low-a', 0], ['low-b', 0], ['urgent', 5]] as const) {
      runs.push(capstan.command.execute({ targets: 'n1', command }, { priority }))
      await waitFor(() => capstan.queue.stats().queued === runs.length - 1, 5000, `${command} queued`)
    }
    // Each waiting execution says how many nodes were queued ahead of it when it arrived.
    const positions = await Promise.all(runs.map(async (run) => {
      for await (const event of run) if (event.type === 'queued') return event.position
      return undefined
    }).slice(1, 3))
    expect(positions).toEqual([0, 1])
    release.resolve()
    await within(Promise.all(runs.map((r) => r.result)), 5000, 'the runs')
    expect(order).toEqual(['first', 'urgent', 'low-a', 'low-b'])
  })
})

/**
 * Runners `runner-a` and `runner-b` (transports a and b, 12 nodes each) with
 * their own concurrency limits under a global one, counting what is in
 * flight per plugin and in all.
 */
async function twoLimitedRunners(limitA: number, limitB: number, global: number) {
  const a = new InFlight()
  const b = new InFlight()
  const all = new InFlight()
  const plugA = testPlugin({ name: 'runner-a', integrationTypes: ['remote-execution'], transports: ['a'], capabilities: slowHandler(a, all) })
  const plugB = testPlugin({ name: 'runner-b', integrationTypes: ['remote-execution'], transports: ['b'], capabilities: slowHandler(b, all) })
  const nodes = [...nodesOn('a', nodeIds('a', 12)), ...nodesOn('b', nodeIds('b', 12))]
  const capstan = await createTestCapstan({
    plugins: [inventoryOf('cmdb', nodes), { plugin: plugA, concurrency: limitA }, { plugin: plugB, concurrency: limitB }],
    concurrency: global,
  })
  return { a, b, all, capstan, [Symbol.asyncDispose]: () => capstan.close() }
}

describe('per-plugin concurrency limits ({ plugin, concurrency })', () => {
  it('hold each plugin to its own limit under a roomier global one', async () => {
    await using fleet = await twoLimitedRunners(2, 3, 10)
    const { a, b, all, capstan } = fleet
    const result = await within(resolved(capstan.command.run({ targets: 'all', command: 'x' })), 10_000, 'the execution')
    expect(result.status).toBe('success')
    expect(result.plugins).toEqual(['runner-a', 'runner-b'])
    expect(a.max).toBe(2)
    expect(b.max).toBe(3)
    expect(all.max).toBe(5)
  })

  it('never let the plugins together pass the global limit', async () => {
    await using fleet = await twoLimitedRunners(3, 3, 4)
    const { a, b, all, capstan } = fleet
    await within(resolved(capstan.command.run({ targets: 'all', command: 'x' })), 10_000, 'the execution')
    expect(a.max).toBeLessThanOrEqual(3)
    expect(b.max).toBeLessThanOrEqual(3)
    expect(all.max).toBe(4)
    expect(capstan.queue.stats().perPlugin['runner-a']).toMatchObject({ running: 0, queued: 0, limit: 3 })
  })
})

describe('plugins that declare a batch size (metadata.batchSize)', () => {
  /** A batching runner recording each batch's node ids. */
  function batchingRunner(batchSize: number, inFlight: InFlight) {
    const batches: string[][] = []
    const handlers = slowHandler(inFlight)
    const plugin = executionPlugin({
      name: 'bolt',
      batchSize,
      capabilities: {
        'command.execute': (batch, ctx) => {
          batches.push(batch.nodes.map((n) => n.id))
          return (handlers['command.execute'] as NonNullable<CapabilityHandlers['command.execute']>)(batch, ctx)
        },
      },
    })
    return { plugin, batches }
  }

  it('get batches of at most that many nodes, every node exactly once, and hold one slot per node', async () => {
    const inFlight = new InFlight()
    const bolt = batchingRunner(5, inFlight)
    const ids = nodeIds('n', 23)
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', nodesOn('ssh', ids)), bolt.plugin], concurrency: 10 })
    const result = await within(resolved(capstan.command.run({ targets: 'all', command: 'x' })), 10_000, 'the execution')
    expect(result.status).toBe('success')
    expect(bolt.batches.every((b) => b.length >= 1 && b.length <= 5)).toBe(true)
    expect(bolt.batches.flat().sort()).toEqual(ids)
    expect(bolt.batches).toHaveLength(5)
    // Two batches of five fill ten slots.
    expect(inFlight.max).toBe(10)
  })

  it('count nodes, not batches, against the limit: with concurrency 7 two batches of 5 never run together', async () => {
    const inFlight = new InFlight()
    const bolt = batchingRunner(5, inFlight)
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', nodesOn('ssh', nodeIds('n', 20))), bolt.plugin], concurrency: 7 })
    await within(resolved(capstan.command.run({ targets: 'all', command: 'x' })), 10_000, 'the execution')
    expect(bolt.batches.map((b) => b.length)).toEqual([5, 5, 5, 5])
    expect(inFlight.max).toBe(5)
  })

  it('are split to fit the concurrency limit', async () => {
    const inFlight = new InFlight()
    const bolt = batchingRunner(5, inFlight)
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', nodesOn('ssh', nodeIds('n', 9))), bolt.plugin], concurrency: 3 })
    await within(resolved(capstan.command.run({ targets: 'all', command: 'x' })), 10_000, 'the execution')
    expect(bolt.batches.every((b) => b.length <= 3)).toBe(true)
    expect(bolt.batches.flat()).toHaveLength(9)
    expect(inFlight.max).toBeLessThanOrEqual(3)
  })
})
