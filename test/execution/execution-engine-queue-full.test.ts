import { createTestCapstan } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { rejection, within } from '@capstan/test-support/async'
import { eventsOf, inventoryOf, slowRunner, waitFor } from '../support/executions.js'

describe('a full execution queue (maxQueuedNodes)', () => {
  it('fails the next execution with QUEUE_FULL: result, ready, the iterator and invoke all reject, and nothing runs', async () => {
    const runner = slowRunner()
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', [{ id: 'n1' }]), runner.plugin], maxQueuedNodes: 2, concurrency: 1 })
    const holding = [1, 2, 3].map(() => capstan.command.execute({ targets: 'n1', command: 'sleep' }))
    await waitFor(() => capstan.queue.stats().running === 1 && capstan.queue.stats().queued === 2, 5000, 'one running and two queued')

    const refused = capstan.command.execute({ targets: 'n1', command: 'sleep' })
    const error = await rejection(within(refused.result, 5000, 'the result'), 'QUEUE_FULL')
    expect(error.details).toMatchObject({ queued: 2, maxQueued: 2 })
    await rejection(refused.ready, 'QUEUE_FULL')
    await rejection(eventsOf(refused), 'QUEUE_FULL')
    expect(refused.status).toBe('failure')
    await rejection(within(capstan.invoke('command.execute', { targets: 'n1', command: 'sleep' }), 5000, 'invoke'), 'QUEUE_FULL')
    expect(runner.calls).toEqual(['n1'])
    expect(capstan.queue.stats()).toMatchObject({ running: 1, queued: 2 })

    for (const run of holding) run.cancel()
    const results = await within(Promise.all(holding.map((r) => r.result)), 5000, 'the cancelled runs')
    expect(results.map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled'])
    // The queued ones never ran.
    expect(runner.calls).toEqual(['n1'])
  })

  it('takes new executions again once the queue has room', async () => {
    const runner = slowRunner()
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', [{ id: 'n1' }]), runner.plugin], maxQueuedNodes: 1, concurrency: 1 })
    const first = capstan.command.execute({ targets: 'n1', command: 'sleep' })
    const second = capstan.command.execute({ targets: 'n1', command: 'sleep' })
    await waitFor(() => capstan.queue.stats().queued === 1, 5000, 'one queued')
    await rejection(capstan.command.execute({ targets: 'n1', command: 'sleep' }).result, 'QUEUE_FULL')
    second.cancel()
    await within(second.result, 5000, 'the cancelled run')
    const third = capstan.command.execute({ targets: 'n1', command: 'sleep' })
    await within(third.ready, 5000, 'the third run to be accepted')
    await waitFor(() => capstan.queue.stats().queued === 1, 5000, 'the third run queued')
    first.cancel()
    third.cancel()
    await within(Promise.all([first.result, third.result]), 5000, 'the end')
  })
})
