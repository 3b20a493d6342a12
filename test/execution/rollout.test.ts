// Rolling executions (issue 16, part 2): the `rollout` option runs the targets in waves,
// one after another, each wave its own plugin batches; past `maxFailures` the waves not
// started end `skipped`. The engine does it, so a fake execution plugin stands for every plugin.
import { CapstanError, type CapabilityHandlers, type ExecutionEvent, type NodeResult, type RolloutOptions } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { resolved, within } from '@capstan/test-support/async'
import { executionPlugin } from '../support/execution-plugin.js'
import { byNode, eventsOf, inventoryOf, nodeIds } from '../support/executions.js'

const ids = nodeIds('n', 10)

/**
 * A runner that records each batch it is given and finishes every node
 * `success`, except the nodes in `failing` (`failure`, exit 1).
 */
function runner(failing: readonly string[] = [], batchSize?: number) {
  const batches: string[][] = []
  const handler: NonNullable<CapabilityHandlers['command.execute']> = async function* (batch) {
    batches.push(batch.nodes.map((n) => n.id))
    for (const node of batch.nodes) {
      yield { type: 'node:started', node: node.id }
      const failed = failing.includes(node.id)
      yield { type: 'node:finished', node: node.id, status: failed ? 'failure' : 'success', exitCode: failed ? 1 : 0 }
    }
  }
  const plugin = executionPlugin({ name: 'runner', ...(batchSize === undefined ? {} : { batchSize }), capabilities: { 'command.execute': handler } })
  return { plugin, batches }
}

async function fleet(failing: readonly string[] = [], options: { batchSize?: number; concurrency?: number } = {}) {
  const run = runner(failing, options.batchSize)
  const capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', ids.map((id) => ({ id }))), run.plugin], ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }) })
  return { capstan, batches: run.batches }
}

/** The wave events, as `started 1` / `finished 1`. */
const waveMarks = (events: ExecutionEvent[]) => events.flatMap((e) => (e.type === 'wave:started' ? [`started ${e.wave}`] : e.type === 'wave:finished' ? [`finished ${e.wave}`] : []))
const statuses = (nodes: NodeResult[]) => nodes.map((n) => `${n.node}:${n.status}`)

describe('a rolling execution', () => {
  it('runs 10 nodes in waves of 3; two failures in wave 2 pass maxFailures 1, so wave 3 never starts and its nodes and wave 4 are skipped', async () => {
    const { capstan, batches } = await fleet(['n05', 'n06'])
    await using _ = capstan
    const run = capstan.command.execute({ targets: 'all', command: 'deploy' }, { rollout: { batch: 3, maxFailures: 1 } })
    const events = await within(eventsOf(run), 5000, 'the events')
    const result = await resolved(run.result)

    // Only the nodes of waves 1 and 2 reached the plugin, one wave after the other.
    expect(batches.flat()).toEqual(['n01', 'n02', 'n03', 'n04', 'n05', 'n06'])
    expect(statuses(result.nodes)).toEqual([
      'n01:success', 'n02:success', 'n03:success', 'n04:success', 'n05:failure', 'n06:failure',
      'n07:skipped', 'n08:skipped', 'n09:skipped', 'n10:skipped',
    ])
    const skipped = byNode(result.nodes).n07
    expect(skipped?.exitCode).toBeNull()
    expect(skipped?.error).toMatchObject({ code: 'CANCELLED', details: { reason: 'maxFailures', failed: 2, maxFailures: 1, wave: 2 } })
    expect(skipped?.error?.message).toContain('2 nodes failed by wave 2')
    expect(result.status).toBe('partial')
    expect(result.rollout).toEqual({ batch: 3, waves: 4, startedWaves: 2, completedWaves: 2, failed: 2, maxFailures: 1, stoppedBy: 'maxFailures' })

    // Events: each wave's node events inside its wave:started / wave:finished, no wave 3, skipped nodes after.
    expect(waveMarks(events)).toEqual(['started 1', 'finished 1', 'started 2', 'finished 2'])
    const index = (predicate: (e: ExecutionEvent) => boolean) => events.findIndex(predicate)
    const started2 = events.find((e) => e.type === 'wave:started' && e.wave === 2)
    expect(started2).toMatchObject({ waves: 4, nodes: ['n04', 'n05', 'n06'] })
    expect(events.find((e) => e.type === 'wave:finished' && e.wave === 2)).toMatchObject({ waves: 4, nodes: ['n04', 'n05', 'n06'], succeeded: 1, failed: 2 })
    expect(events.find((e) => e.type === 'wave:finished' && e.wave === 1)).toMatchObject({ succeeded: 3, failed: 0 })
    expect(index((e) => e.type === 'started')).toBeLessThan(index((e) => e.type === 'wave:started'))
    const finished1 = index((e) => e.type === 'wave:finished' && e.wave === 1)
    for (const node of ['n04', 'n05', 'n06']) expect(index((e) => e.type === 'node:started' && e.node === node)).toBeGreaterThan(finished1)
    for (const node of ['n01', 'n02', 'n03']) expect(index((e) => e.type === 'node:finished' && e.node === node)).toBeLessThan(finished1)
    const finished2 = index((e) => e.type === 'wave:finished' && e.wave === 2)
    for (const node of ['n07', 'n08', 'n09', 'n10']) {
      expect(events.some((e) => e.type === 'node:started' && e.node === node)).toBe(false)
      expect(index((e) => e.type === 'node:finished' && e.node === node)).toBeGreaterThan(finished2)
    }
    expect(events.at(-1)?.type).toBe('finished')
    // Numbered like every event, and a re-attached consumer gets the same replay.
    expect(events.map((e) => e.seq)).toEqual(events.map((_e, i) => i))
    expect(await eventsOf(capstan.executions.get(run.id)!)).toEqual(events)
  })

  it('gives a batching plugin one batch per wave (its batchSize splits only within a wave)', async () => {
    const { capstan, batches } = await fleet([], { batchSize: 50 })
    await using _ = capstan
    const result = await resolved(capstan.command.run({ targets: 'all', command: 'x' }, { rollout: { batch: 3 } }))
    expect(batches).toEqual([['n01', 'n02', 'n03'], ['n04', 'n05', 'n06'], ['n07', 'n08', 'n09'], ['n10']])
    expect(result.status).toBe('success')
    expect(result.rollout).toEqual({ batch: 3, waves: 4, startedWaves: 4, completedWaves: 4, failed: 0 })
  })

  it('runs every wave when no maxFailures is set, whatever failed', async () => {
    const { capstan, batches } = await fleet(['n01', 'n02', 'n03'])
    await using _ = capstan
    const result = await resolved(capstan.command.run({ targets: 'all', command: 'x' }, { rollout: { batch: '50%' } }))
    expect(batches.flat()).toEqual(ids)
    expect(result.rollout).toEqual({ batch: 5, waves: 2, startedWaves: 2, completedWaves: 2, failed: 3 })
    expect(result.nodes.filter((n) => n.status === 'skipped')).toEqual([])
    expect(result.status).toBe('partial')
  })

  it('stops at the first failure with maxFailures 0, and a share of the targets rounds down (10% of 10 tolerates 1)', async () => {
    {
      const { capstan, batches } = await fleet(['n02'])
      await using _ = capstan
      const result = await resolved(capstan.command.run({ targets: 'all', command: 'x' }, { rollout: { batch: 4, maxFailures: 0 } }))
      expect(batches.flat()).toEqual(['n01', 'n02', 'n03', 'n04'])
      expect(result.rollout).toMatchObject({ startedWaves: 1, completedWaves: 1, failed: 1, maxFailures: 0, stoppedBy: 'maxFailures' })
      expect(result.nodes.filter((n) => n.status === 'skipped').map((n) => n.node)).toEqual(ids.slice(4))
    }
    {
      // '25%' of 10 is waves of 3 (rounded up); '10%' of 10 tolerates 1: n02 alone does not stop it, n05 too does.
      const { capstan, batches } = await fleet(['n02', 'n05'])
      await using _ = capstan
      const result = await resolved(capstan.command.run({ targets: 'all', command: 'x' }, { rollout: { batch: '25%', maxFailures: '10%' } }))
      expect(batches.flat()).toEqual(ids.slice(0, 6))
      expect(result.rollout).toEqual({ batch: 3, waves: 4, startedWaves: 2, completedWaves: 2, failed: 2, maxFailures: 1, stoppedBy: 'maxFailures' })
    }
  })

  it('with failFast stops the running wave too: its running node ends cancelled, its queued node skipped', async () => {
    let n05Started!: () => void
    const n05Running = new Promise<void>((resolve) => (n05Started = resolve))
    const batches: string[][] = []
    const handler: NonNullable<CapabilityHandlers['command.execute']> = async function* (batch, ctx) {
      const [node] = batch.nodes
      if (node === undefined) return
      batches.push([node.id])
      yield { type: 'node:started', node: node.id }
      if (node.id === 'n04') {
        await n05Running
        yield { type: 'node:finished', node: node.id, status: 'failure', exitCode: 1 }
        return
      }
      if (node.id === 'n05') {
        n05Started()
        await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }))
        yield { type: 'node:finished', node: node.id, status: 'failure', exitCode: null, signal: 'SIGTERM' }
        return
      }
      yield { type: 'node:finished', node: node.id, status: 'success', exitCode: 0 }
    }
    const plugin = executionPlugin({ name: 'runner', capabilities: { 'command.execute': handler } })
    // Two slots: in wave 2, n04 and n05 run while n06 waits for a slot.
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', ids.map((id) => ({ id }))), plugin], concurrency: 2 })
    const run = capstan.command.execute({ targets: 'all', command: 'x' }, { rollout: { batch: 3, maxFailures: 0, failFast: true } })
    const events = await within(eventsOf(run), 5000, 'the events')
    const result = await resolved(run.result)
    const nodes = byNode(result.nodes)
    expect(batches.flat()).toEqual(['n01', 'n02', 'n03', 'n04', 'n05'])
    expect(nodes.n04?.status).toBe('failure')
    expect(nodes.n05?.status).toBe('cancelled')
    expect(nodes.n05?.error?.code).toBe('CANCELLED')
    expect(nodes.n05?.error?.message).toMatch(/^Stopped by failFast: 1 node failed by wave 2/)
    expect(nodes.n06?.status).toBe('skipped')
    expect(result.nodes.filter((n) => n.status === 'skipped').map((n) => n.node)).toEqual(['n06', 'n07', 'n08', 'n09', 'n10'])
    expect(result.rollout).toEqual({ batch: 3, waves: 4, startedWaves: 2, completedWaves: 1, failed: 1, maxFailures: 0, stoppedBy: 'maxFailures' })
    expect(result.status).toBe('partial')
    expect(waveMarks(events)).toEqual(['started 1', 'finished 1', 'started 2', 'finished 2'])
  })

  it('with failFast counts a wave complete when the failure that passed maxFailures was its last node', async () => {
    const { capstan } = await fleet(['n02'], { concurrency: 1 })
    await using _ = capstan
    const result = await resolved(capstan.command.run({ targets: 'all', command: 'x' }, { rollout: { batch: 2, maxFailures: 0, failFast: true } }))
    expect(statuses(result.nodes).slice(0, 3)).toEqual(['n01:success', 'n02:failure', 'n03:skipped'])
    expect(result.rollout).toEqual({ batch: 2, waves: 5, startedWaves: 1, completedWaves: 1, failed: 1, maxFailures: 0, stoppedBy: 'maxFailures' })
  })

  it('keeps the queue limits inside a wave', async () => {
    let now = 0
    let max = 0
    const handler: NonNullable<CapabilityHandlers['command.execute']> = async function* (batch) {
      now += batch.nodes.length
      max = Math.max(max, now)
      await new Promise((resolve) => setTimeout(resolve, 5))
      for (const node of batch.nodes) yield { type: 'node:finished', node: node.id, status: 'success', exitCode: 0 }
      now -= batch.nodes.length
    }
    const plugin = executionPlugin({ name: 'runner', capabilities: { 'command.execute': handler } })
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', ids.map((id) => ({ id }))), plugin], concurrency: 2 })
    const result = await resolved(capstan.command.run({ targets: 'all', command: 'x' }, { rollout: { batch: 5 } }))
    expect(result.status).toBe('success')
    expect(max).toBe(2)
  })

  it('is refused whole, like an execution without waves, when the plugin refuses the first wave before anything ran', async () => {
    const batches: string[][] = []
    const plugin = executionPlugin({
      name: 'runner',
      capabilities: {
        // eslint-disable-next-line require-yield
        'task.execute': async function* (batch) {
          batches.push(batch.nodes.map((n) => n.id))
          throw new CapstanError('VALIDATION_ERROR', { message: 'task parameter name is required', details: { field: 'params.name' } })
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', ids.map((id) => ({ id }))), plugin] })
    const run = capstan.task.execute({ targets: 'all', task: 'greet' }, { rollout: { batch: 3 } })
    await expect(run.result).rejects.toMatchObject({ code: 'VALIDATION_ERROR' })
    expect(batches.flat()).toEqual(['n01', 'n02', 'n03'])
    expect(run.status).toBe('failure')
  })

  it('records every node in the journal, skipped ones included (source host for the waves never started)', async () => {
    const { capstan } = await fleet(['n01', 'n02'])
    await using _ = capstan
    const result = await resolved(capstan.command.run({ targets: 'all', command: 'x' }, { rollout: { batch: 5, maxFailures: 1 } }))
    const page = await capstan.journal.list({ executionId: result.id, limit: 100 })
    const entries = Object.fromEntries(page.entries.map((e) => [e.node, e]))
    expect(Object.keys(entries).sort()).toEqual(ids)
    expect(entries.n10).toMatchObject({ source: 'host', body: { status: 'skipped', error: { code: 'CANCELLED' } } })
    expect(entries.n01).toMatchObject({ source: 'runner', body: { status: 'failure' } })
  })
})

describe('the rollout option', () => {
  const bad: Array<[string, unknown, string]> = [
    ['a batch of 0', { batch: 0 }, 'options.rollout.batch'],
    ['a fractional batch', { batch: 1.5 }, 'options.rollout.batch'],
    ['a batch of 0%', { batch: '0%' }, 'options.rollout.batch'],
    ['a batch over 100%', { batch: '150%' }, 'options.rollout.batch'],
    ['a batch that is neither', { batch: 'three' }, 'options.rollout.batch'],
    ['no batch', { maxFailures: 1 }, 'options.rollout.batch'],
    ['negative maxFailures', { batch: 2, maxFailures: -1 }, 'options.rollout.maxFailures'],
    ['maxFailures over 100%', { batch: 2, maxFailures: '101%' }, 'options.rollout.maxFailures'],
    ['a negative pause', { batch: 2, pauseMs: -5 }, 'options.rollout.pauseMs'],
    ['a failFast that is not a boolean', { batch: 2, failFast: 'yes' }, 'options.rollout.failFast'],
    ['an unknown key', { batch: 2, size: 3 }, 'options.rollout.size'],
  ]

  it.each(bad)('refuses %s at once with a VALIDATION_ERROR naming the field', async (_what, rollout, path) => {
    const { capstan, batches } = await fleet()
    await using _ = capstan
    let thrown: unknown
    try {
      capstan.command.execute({ targets: 'all', command: 'x' }, { rollout: rollout as RolloutOptions })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toMatchObject({ code: 'VALIDATION_ERROR' })
    expect((thrown as { details: { field: string; issues: Array<{ path: string }> } }).details).toMatchObject({ field: path, issues: [{ path }] })
    expect(batches).toEqual([])
  })

  it('is refused on a query as an unknown option', async () => {
    const { capstan } = await fleet()
    await using _ = capstan
    await expect(capstan.invoke('inventory.list', {}, { rollout: { batch: 2 } } as never)).rejects.toMatchObject({ code: 'VALIDATION_ERROR', details: { issues: [{ path: 'options.rollout' }] } })
  })
})
