import { localPlugin } from 'capstan'
import { createTestCapstan, testPlugin } from 'capstan/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { aborted, deferred, rejection, within } from '@capstan/test-support/async'
import { inventoryOf, killLeftovers, printedPids, shellWithChildren, waitUntilGone } from '../support/executions.js'

let started: number[] = []
afterEach(() => {
  killLeftovers(started)
  started = []
})

describe('closing Capstan with executions running', () => {
  it('cancels them, and their results resolve `cancelled` before any plugin is disposed', async () => {
    const running = deferred()
    let settledAtDispose: boolean | undefined
    let settled = false
    const runner = testPlugin({
      name: 'runner',
      integrationTypes: ['remote-execution'],
      capabilities: {
        'command.execute': async function* (batch, ctx) {
          for (const node of batch.nodes) yield { type: 'node:started', node: node.id }
          running.resolve()
          await aborted(ctx.signal)
        },
      },
      dispose: async () => {
        settledAtDispose = settled
      },
    })
    const capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', [{ id: 'n1' }]), runner] })
    const run = capstan.command.execute({ targets: 'n1', command: 'x' })
    void run.result.then(() => (settled = true))
    await within(running.promise, 5000, 'the plugin')
    await within(capstan.close(), 5000, 'close')

    const result = await run.result
    expect(result.status).toBe('cancelled')
    expect(result.nodes).toEqual([expect.objectContaining({ node: 'n1', status: 'cancelled', error: expect.objectContaining({ code: 'CANCELLED' }) })])
    expect(settledAtDispose).toBe(true)
    // A closed Capstan starts nothing.
    await rejection(Promise.resolve().then(() => capstan.command.execute({ targets: 'n1', command: 'x' })), 'UNAVAILABLE')
  })

  it('kills the processes of a local execution', async () => {
    const capstan = await createTestCapstan({ plugins: [localPlugin({ killGraceMs: 1000 })] })
    const run = capstan.command.execute({ targets: 'localhost', command: shellWithChildren })
    const pids = await within(printedPids(run[Symbol.asyncIterator](), 3), 5000, 'the pids')
    started.push(...pids)
    await within(capstan.close(), 5000, 'close')
    expect((await run.result).status).toBe('cancelled')
    await waitUntilGone(pids, 2000)
  })
})

/** A runner on node n1 that starts, then finishes with success when `release` resolves, or ends when its signal aborts. */
function heldRunner() {
  const running = deferred()
  const release = deferred()
  let signal: AbortSignal | undefined
  const runner = testPlugin({
    name: 'runner',
    integrationTypes: ['remote-execution'],
    capabilities: {
      'command.execute': async function* (batch, ctx) {
        signal = ctx.signal
        for (const node of batch.nodes) yield { type: 'node:started', node: node.id }
        running.resolve()
        await Promise.race([release.promise, aborted(ctx.signal)])
        if (ctx.signal.aborted) return
        for (const node of batch.nodes) yield { type: 'node:finished', node: node.id, status: 'success', exitCode: 0 }
      },
    },
  })
  return { runner, running: running.promise, release: () => release.resolve(), stopped: () => signal?.aborted === true }
}

/** A Capstan whose execution on n1 is running in a {@link heldRunner}. */
async function heldExecution() {
  const held = heldRunner()
  const capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', [{ id: 'n1' }]), held.runner] })
  const run = capstan.command.execute({ targets: 'n1', command: 'x' })
  await within(held.running, 5000, 'the plugin')
  return { held, capstan, run }
}

describe('closing Capstan with a grace (close({ graceMs }))', () => {
  it('lets an execution that ends within the grace finish with its own result, and refuses calls made meanwhile', async () => {
    const { held, capstan, run } = await heldExecution()
    let closed = false
    const closing = capstan.close({ graceMs: 600_000 }).then(() => (closed = true))

    // During the grace: new calls are refused at once, the running one goes on.
    const refused = await rejection(capstan.inventory.list(), 'UNAVAILABLE')
    expect(refused.message).toContain('closing')
    expect(refused.details).toMatchObject({ state: 'closing' })
    expect(() => capstan.command.execute({ targets: 'n1', command: 'y' })).toThrow(/closing/)
    await rejection(capstan.restartPlugin('runner'), 'UNAVAILABLE')
    expect(held.stopped()).toBe(false)
    expect(closed).toBe(false)
    expect(capstan.plugins().map((p) => p.state)).toEqual(['ready', 'ready'])

    held.release()
    await within(closing, 5000, 'close')
    const result = await run.result
    expect(result.status).toBe('success')
    expect(result.nodes).toEqual([expect.objectContaining({ node: 'n1', status: 'success', exitCode: 0 })])
    expect(held.stopped()).toBe(false)
    expect(capstan.plugins().map((p) => p.state)).toEqual(['disposed', 'disposed'])
    expect((await rejection(capstan.inventory.list(), 'UNAVAILABLE')).details).toMatchObject({ state: 'closed' })
  })

  it('cancels an execution still running when the grace is over: every node cancelled, plugins disposed after', async () => {
    const { held, capstan, run } = await heldExecution()
    const closing = capstan.close({ graceMs: 20 })
    // Not stopped when close is called: the grace comes first.
    expect(held.stopped()).toBe(false)
    await within(closing, 5000, 'close')

    expect(held.stopped()).toBe(true)
    const result = await run.result
    expect(result.status).toBe('cancelled')
    expect(result.nodes).toEqual([expect.objectContaining({ node: 'n1', status: 'cancelled', error: expect.objectContaining({ code: 'CANCELLED', message: 'Capstan is closing' }) })])
    expect(capstan.plugins().map((p) => p.state)).toEqual(['disposed', 'disposed'])
  })

  it('is fine to call twice: the second call waits for the same shutdown, and a shorter grace cuts the first one short', async () => {
    const { held, capstan, run } = await heldExecution()
    const first = capstan.close({ graceMs: 600_000 })
    const second = capstan.close({ graceMs: 0 })
    await within(Promise.all([first, second]), 5000, 'both closes')
    expect(held.stopped()).toBe(true)
    expect((await run.result).status).toBe('cancelled')
    // A longer grace after the fact changes nothing, and closing a closed instance resolves.
    await within(capstan.close({ graceMs: 600_000 }), 5000, 'a third close')
    await capstan.close()
    expect(capstan.plugins().map((p) => p.state)).toEqual(['disposed', 'disposed'])
  })

  it('with no execution running, closes without waiting for the grace', async () => {
    const capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', [{ id: 'n1' }])] })
    await within(capstan.close({ graceMs: 600_000 }), 5000, 'close')
    expect(capstan.plugins().map((p) => p.state)).toEqual(['disposed'])
  })

  it.each([
    [{ graceMs: -1 }, 'options.graceMs'],
    [{ graceMs: 1.5 }, 'options.graceMs'],
    [{ graceMs: 2 ** 31 }, 'options.graceMs'],
    [{ graceMs: '1000' }, 'options.graceMs'],
    [{ grace: 1000 }, 'options.grace'],
  ])('refuses %j with VALIDATION_ERROR naming %s, and closes nothing', async (options, field) => {
    const capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', [{ id: 'n1' }])] })
    const error = await rejection(capstan.close(options as never), 'VALIDATION_ERROR')
    expect(error.details.issues).toEqual([expect.objectContaining({ path: field })])
    expect((await capstan.inventory.list()).nodes.map((n) => n.id)).toEqual(['n1'])
    await capstan.close()
  })

  it('takes the longest grace a timer holds, 2^31 - 1 ms', async () => {
    const capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', [{ id: 'n1' }])] })
    await within(capstan.close({ graceMs: 2 ** 31 - 1 }), 5000, 'close')
    expect(capstan.plugins().map((p) => p.state)).toEqual(['disposed'])
  })
})
