// Stopping a rolling execution behaves as stopping any execution: nodes of the waves not
// started end `cancelled` (or `timeout`), never `skipped`, and a pause between waves ends at once.
import type { CapabilityHandlers, ExecutionEvent } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { aborted, resolved, within } from '@capstan/test-support/async'
import { executionPlugin } from '../support/execution-plugin.js'
import { inventoryOf, nodeIds, rest } from '../support/executions.js'

const ids = nodeIds('n', 6)

/** A runner that holds every node until its signal aborts, leaving it to the engine to end (`hold`), or finishes it at once. */
function runner(hold: boolean) {
  const batches: string[][] = []
  const handler: NonNullable<CapabilityHandlers['command.execute']> = async function* (batch, ctx) {
    batches.push(batch.nodes.map((n) => n.id))
    for (const node of batch.nodes) yield { type: 'node:started', node: node.id }
    if (hold) {
      await aborted(ctx.signal)
      return
    }
    for (const node of batch.nodes) yield { type: 'node:finished', node: node.id, status: 'success', exitCode: 0 }
  }
  return { plugin: executionPlugin({ name: 'runner', capabilities: { 'command.execute': handler } }), batches }
}

async function fleet(hold: boolean) {
  const run = runner(hold)
  const capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', ids.map((id) => ({ id }))), run.plugin] })
  return { capstan, batches: run.batches }
}

/** Reads events until `predicate` matches one; the iterator stays usable. */
async function until(iterator: AsyncIterator<ExecutionEvent>, predicate: (event: ExecutionEvent) => boolean): Promise<ExecutionEvent[]> {
  const seen: ExecutionEvent[] = []
  for (;;) {
    const next = await iterator.next()
    if (next.done === true) throw new Error('the execution ended first')
    seen.push(next.value)
    if (predicate(next.value)) return seen
  }
}

describe('cancelling a rolling execution', () => {
  it('during a wave: its running nodes and every node of the later waves end cancelled, and no later wave starts', async () => {
    const { capstan, batches } = await fleet(true)
    await using _ = capstan
    const run = capstan.command.execute({ targets: 'all', command: 'x' }, { rollout: { batch: 2, maxFailures: 0 } })
    const iterator = run[Symbol.asyncIterator]()
    const seen = await within(until(iterator, (e) => e.type === 'node:started' && e.node === 'n02'), 5000, 'wave 1 running')
    run.cancel('operator pressed stop')
    const events = [...seen, ...(await within(rest(iterator), 5000, 'the end of the stream'))]
    const result = await resolved(run.result)
    expect(batches.flat()).toEqual(['n01', 'n02'])
    expect(result.status).toBe('cancelled')
    expect(result.nodes.map((n) => n.status)).toEqual(Array(6).fill('cancelled'))
    expect(result.nodes.at(-1)?.error).toMatchObject({ code: 'CANCELLED', message: 'operator pressed stop' })
    expect(result.rollout).toEqual({ batch: 2, waves: 3, startedWaves: 1, completedWaves: 0, failed: 0, maxFailures: 0, stoppedBy: 'cancelled' })
    expect(events.filter((e) => e.type === 'wave:started' || e.type === 'wave:finished').map((e) => e.type)).toEqual(['wave:started', 'wave:finished'])
    expect(events.at(-1)?.type).toBe('finished')
  })

  it('during the pause between waves: the pause ends at once and the later waves end cancelled', async () => {
    const { capstan, batches } = await fleet(false)
    await using _ = capstan
    const run = capstan.command.execute({ targets: 'all', command: 'x' }, { rollout: { batch: 2, pauseMs: 600_000 } })
    const iterator = run[Symbol.asyncIterator]()
    await within(until(iterator, (e) => e.type === 'wave:finished'), 5000, 'wave 1')
    run.cancel()
    // Far less than the pause: the cancel ended it.
    const result = await within(resolved(run.result), 5000, 'the result')
    expect(batches.flat()).toEqual(['n01', 'n02'])
    expect(result.status).toBe('cancelled')
    expect(result.nodes.map((n) => `${n.node}:${n.status}`)).toEqual(['n01:success', 'n02:success', 'n03:cancelled', 'n04:cancelled', 'n05:cancelled', 'n06:cancelled'])
    expect(result.rollout).toMatchObject({ startedWaves: 1, completedWaves: 1, stoppedBy: 'cancelled' })
  })

  it('by the execution timeoutMs between waves: the later waves end timeout', async () => {
    const { capstan, batches } = await fleet(false)
    await using _ = capstan
    const run = capstan.command.execute({ targets: 'all', command: 'x' }, { rollout: { batch: 3, pauseMs: 600_000 }, timeoutMs: 1_000 })
    const result = await within(resolved(run.result), 5000, 'the result')
    expect(batches.flat()).toEqual(['n01', 'n02', 'n03'])
    expect(result.status).toBe('timeout')
    expect(result.nodes.slice(3).map((n) => [n.status, n.error?.code])).toEqual(Array(3).fill(['timeout', 'TIMEOUT']))
    expect(result.rollout).toMatchObject({ startedWaves: 1, stoppedBy: 'timeout' })
  })

  it('after maxFailures was passed: the later waves stay skipped, the running node ends cancelled, and so does the execution', async () => {
    const handler: NonNullable<CapabilityHandlers['command.execute']> = async function* (batch, ctx) {
      const [node] = batch.nodes
      if (node === undefined) return
      yield { type: 'node:started', node: node.id }
      if (node.id === 'n01') yield { type: 'node:finished', node: node.id, status: 'failure', exitCode: 1 }
      else await aborted(ctx.signal)
    }
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', ids.map((id) => ({ id }))), executionPlugin({ name: 'runner', capabilities: { 'command.execute': handler } })] })
    const run = capstan.command.execute({ targets: 'all', command: 'x' }, { rollout: { batch: 2, maxFailures: 0 } })
    const iterator = run[Symbol.asyncIterator]()
    await within(until(iterator, (e) => e.type === 'node:finished' && e.node === 'n01'), 5000, 'the failure')
    run.cancel()
    const result = await within(resolved(run.result), 5000, 'the result')
    expect(result.nodes.map((n) => `${n.node}:${n.status}`)).toEqual(['n01:failure', 'n02:cancelled', 'n03:skipped', 'n04:skipped', 'n05:skipped', 'n06:skipped'])
    expect(result.status).toBe('cancelled')
    expect(result.rollout).toMatchObject({ startedWaves: 1, completedWaves: 0, stoppedBy: 'maxFailures' })
  })

  it('by a signal already aborted: no node runs, as without waves', async () => {
    const { capstan, batches } = await fleet(false)
    await using _ = capstan
    const result = await resolved(capstan.command.run({ targets: 'all', command: 'x' }, { rollout: { batch: 2 }, signal: AbortSignal.abort() }))
    expect(batches).toEqual([])
    expect(result.status).toBe('cancelled')
    expect(result.nodes).toEqual([])
  })
})
