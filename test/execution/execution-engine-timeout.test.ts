import { localPlugin } from 'capstan'
import { createTestCapstan, testPlugin } from 'capstan/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { aborted, resolved, sleep, within } from '@capstan/test-support/async'
import { byNode, inventoryOf, killLeftovers, printedPids, rest, shellWithChildren, slowRunner, waitUntilGone } from '../support/executions.js'

let started: number[] = []
afterEach(() => {
  killLeftovers(started)
  started = []
})

describe('a per-node timeout (input.timeoutMs)', () => {
  it("marks the node `timeout`, kills its whole process group, and ends the execution `failure` (not `timeout`: that is the execution's own deadline)", async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin({ killGraceMs: 1000 })] })
    const began = performance.now()
    const run = capstan.command.execute({ targets: 'localhost', command: shellWithChildren, timeoutMs: 300 })
    const iterator = run[Symbol.asyncIterator]()
    const pids = await within(printedPids(iterator, 3), 5000, 'the pids')
    started.push(...pids)
    await within(rest(iterator), 5000, 'the end of the stream')
    const result = await within(resolved(run.result), 5000, 'the result')
    await waitUntilGone(pids, 2000)

    expect(performance.now() - began).toBeGreaterThanOrEqual(300)
    expect(result.nodes).toEqual([expect.objectContaining({ node: 'localhost', status: 'timeout', exitCode: null, error: expect.objectContaining({ code: 'TIMEOUT' }) })])
    // The node ran out of its own time; the execution was neither cancelled nor out of time: nothing succeeded.
    expect(result.status).toBe('failure')
    expect(run.status).toBe('failure')
  })

  it('times out only the slow node; the fast one keeps its success', async () => {
    const runner = testPlugin({
      name: 'runner',
      integrationTypes: ['remote-execution'],
      capabilities: {
        'command.execute': async function* (batch, ctx) {
          for (const node of batch.nodes) {
            yield { type: 'node:started', node: node.id }
            if (node.id === 'slow') await aborted(ctx.signal)
            yield { type: 'node:finished', node: node.id, status: ctx.signal.aborted ? 'cancelled' : 'success', exitCode: ctx.signal.aborted ? null : 0 }
          }
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', [{ id: 'fast' }, { id: 'slow' }]), runner] })
    const result = await within(resolved(capstan.command.run({ targets: 'all', command: 'x', timeoutMs: 100 })), 5000, 'the result')
    const nodes = byNode(result.nodes)
    expect(nodes.fast?.status).toBe('success')
    expect(nodes.slow).toMatchObject({ status: 'timeout', error: { code: 'TIMEOUT' } })
    expect(result.status).toBe('partial')
  })

  it('counts from when the node gets its slot, not the time it waited in the queue', async () => {
    const runner = testPlugin({
      name: 'runner',
      integrationTypes: ['remote-execution'],
      capabilities: {
        'command.execute': async function* (batch) {
          await sleep(60)
          for (const node of batch.nodes) yield { type: 'node:finished', node: node.id, status: 'success', exitCode: 0 }
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', [{ id: 'n1' }, { id: 'n2' }, { id: 'n3' }]), runner], concurrency: 1 })
    const result = await within(resolved(capstan.command.run({ targets: 'all', command: 'x', timeoutMs: 250 })), 5000, 'the result')
    // n3 waited about 120 ms and ran 60: within its own 250 ms.
    expect(result.nodes.map((n) => n.status)).toEqual(['success', 'success', 'success'])
    expect(result.durationMs).toBeGreaterThanOrEqual(170)
  })
})

describe('a whole-execution timeout (options.timeoutMs)', () => {
  it('ends the execution `timeout` and kills its processes', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin({ killGraceMs: 1000 })] })
    const run = capstan.command.execute({ targets: 'localhost', command: shellWithChildren }, { timeoutMs: 300 })
    const iterator = run[Symbol.asyncIterator]()
    const pids = await within(printedPids(iterator, 3), 5000, 'the pids')
    started.push(...pids)
    const events = await within(rest(iterator), 5000, 'the end of the stream')
    const result = await within(resolved(run.result), 5000, 'the result')
    await waitUntilGone(pids, 2000)

    expect(result.status).toBe('timeout')
    expect(run.status).toBe('timeout')
    expect(result.nodes).toEqual([expect.objectContaining({ node: 'localhost', status: 'timeout', error: expect.objectContaining({ code: 'TIMEOUT' }) })])
    expect(events.at(-1)).toMatchObject({ type: 'finished', result: { status: 'timeout' } })
  })

  it('counts the time spent queued, ending waiting nodes `timeout` without running them', async () => {
    const { plugin: runner, calls } = slowRunner()
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', [{ id: 'n1' }, { id: 'n2' }]), runner], concurrency: 1 })
    const result = await within(resolved(capstan.command.run({ targets: 'all', command: 'x' }, { timeoutMs: 150 })), 5000, 'the result')
    expect(calls).toEqual(['n1'])
    expect(result.status).toBe('timeout')
    expect(result.nodes.map((n) => [n.node, n.status])).toEqual([
      ['n1', 'timeout'],
      ['n2', 'timeout'],
    ])
  })
})
