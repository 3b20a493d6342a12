import { localPlugin } from 'capstan'
import { createTestCapstan, testPlugin } from 'capstan/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { aborted, deferred, rejection, within } from '../support/async.js'
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
