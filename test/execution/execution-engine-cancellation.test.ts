import { localPlugin, type Execution, type ExecutionEvent } from 'capstan'
import { createTestCapstan, testPlugin } from 'capstan/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { deferred, never, resolved, within } from '@capstan/test-support/async'
import { recordingRunner } from '../support/execution-plugin.js'
import { eventsOf, inventoryOf, isRunning, killLeftovers, printedPids, rest, shellWithChildren, slowRunner, waitUntilGone } from '../support/executions.js'

// Orphaned children are reparented to PID 1, which in some sandboxes never reaps
// them: `isRunning` counts a zombie as gone, `kill(pid, 0)` alone would not.

let started: number[] = []
afterEach(() => {
  killLeftovers(started)
  started = []
})

/** Waits for the shell with two children to print its three pids, stops it with `stop`, and returns everything. */
function stopMidRun(run: Execution, stop: () => void): Promise<{ pids: number[]; events: ExecutionEvent[] }> {
  return stopMidRunWith(run, 3, stop)
}

/** Waits for `count` printed pids, stops the execution with `stop`, and returns the pids and the remaining events. */
async function stopMidRunWith(run: Execution, count: number, stop: () => void): Promise<{ pids: number[]; events: ExecutionEvent[] }> {
  const iterator = run[Symbol.asyncIterator]()
  const pids = await within(printedPids(iterator, count), 5000, 'the pids')
  started.push(...pids)
  expect(pids.every(isRunning)).toBe(true)
  stop()
  const events = await within(rest(iterator), 5000, 'the end of the stream')
  return { pids, events }
}

describe('cancelling an execution on the local plugin', () => {
  it('with cancel() kills the whole process group: node and execution `cancelled`, every pid gone', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin({ killGraceMs: 1000 })] })
    const run = capstan.command.execute({ targets: 'localhost', command: shellWithChildren })
    const { pids, events } = await stopMidRun(run, () => run.cancel('operator pressed stop'))
    const result = await within(resolved(run.result), 5000, 'the result')
    await waitUntilGone(pids, 2000)

    expect(result.status).toBe('cancelled')
    expect(run.status).toBe('cancelled')
    expect(result.nodes).toEqual([expect.objectContaining({ node: 'localhost', status: 'cancelled', exitCode: null, error: expect.objectContaining({ code: 'CANCELLED', message: 'operator pressed stop' }) })])
    expect(events.at(-1)).toMatchObject({ type: 'finished', result: { status: 'cancelled' } })
  })

  it('with an aborted signal option does the same', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin({ killGraceMs: 1000 })] })
    const controller = new AbortController()
    const run = capstan.command.execute({ targets: 'localhost', command: shellWithChildren }, { signal: controller.signal })
    const { pids } = await stopMidRun(run, () => controller.abort(new Error('user went away')))
    const result = await within(resolved(run.result), 5000, 'the result')
    await waitUntilGone(pids, 2000)

    expect(result.status).toBe('cancelled')
    expect(run.status).toBe('cancelled')
    expect(result.nodes).toEqual([expect.objectContaining({ node: 'localhost', status: 'cancelled', error: expect.objectContaining({ code: 'CANCELLED' }) })])
  })

  it('is safe to call again, and after the end changes nothing', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin()] })
    const run = capstan.command.execute({ targets: 'localhost', command: 'true' })
    const result = await within(resolved(run.result), 5000, 'the result')
    run.cancel()
    run.cancel()
    expect(run.status).toBe('success')
    expect(result.status).toBe('success')
  })
})

describe('cancelling processes that ignore SIGTERM', () => {
  // The shell ignores TERM, and its sleep inherits that: only SIGKILL stops them.
  const stubbornShell = "trap '' TERM; sleep 60 & echo $!; echo $$; wait"

  it('SIGKILLs the group after the local plugin\'s killGraceMs: every pid gone when the result resolves', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin({ killGraceMs: 300 })] })
    const run = capstan.command.execute({ targets: 'localhost', command: stubbornShell })
    let cancelledAt = 0
    const { pids } = await stopMidRunWith(run, 2, () => {
      cancelledAt = performance.now()
      run.cancel()
    })
    const result = await within(resolved(run.result), 5000, 'the result')
    expect(performance.now() - cancelledAt).toBeGreaterThanOrEqual(250)
    await waitUntilGone(pids, 2000)
    expect(result.nodes).toEqual([expect.objectContaining({ status: 'cancelled', signal: 'SIGKILL' })])
  })

  it('SIGKILLs the group after the host\'s killGraceMs (createCapstan option) before the execution ends', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin()], killGraceMs: 300 })
    const run = capstan.command.execute({ targets: 'localhost', command: stubbornShell })
    const { pids } = await stopMidRunWith(run, 2, () => run.cancel())
    const result = await within(resolved(run.result), 5000, 'the result')
    expect(result.status).toBe('cancelled')
    // "Nothing is left running": not even a process that ignored SIGTERM, once the grace is over.
    await waitUntilGone(pids, 2000)
  })

  it('the killSignal option ends the grace: SIGKILL at once after the cancel, every pid gone', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin()], killGraceMs: 10_000 })
    const kill = new AbortController()
    const run = capstan.command.execute({ targets: 'localhost', command: stubbornShell }, { killSignal: kill.signal })
    const { pids } = await stopMidRunWith(run, 2, () => {
      run.cancel('stop')
      setTimeout(() => kill.abort(), 100)
    })
    const result = await within(resolved(run.result), 5000, 'the result') // the 10 s grace did not pass
    await waitUntilGone(pids, 2000)
    expect(result.nodes).toEqual([expect.objectContaining({ status: 'cancelled', signal: 'SIGKILL', error: expect.objectContaining({ message: 'stop' }) })])
  })

  it('the killSignal option aborted alone cancels the execution without a grace', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin()], killGraceMs: 10_000 })
    const kill = new AbortController()
    const run = capstan.command.execute({ targets: 'localhost', command: stubbornShell }, { killSignal: kill.signal })
    const { pids } = await stopMidRunWith(run, 2, () => kill.abort(new Error('killed by the operator')))
    const result = await within(resolved(run.result), 5000, 'the result')
    await waitUntilGone(pids, 2000)
    expect(result.status).toBe('cancelled')
    expect(result.nodes).toEqual([expect.objectContaining({ status: 'cancelled', signal: 'SIGKILL', error: expect.objectContaining({ code: 'CANCELLED' }) })])
  })
})

describe('cancelling an execution with queued nodes', () => {
  it('ends the waiting node `cancelled` without ever calling the plugin for it', async () => {
    const first = deferred()
    const { plugin: runner, calls } = slowRunner(() => first.resolve())
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', [{ id: 'n1' }, { id: 'n2' }]), runner], concurrency: 1 })
    const run = capstan.command.execute({ targets: ['n1', 'n2'], command: 'x' })
    const all = eventsOf(run)
    await within(first.promise, 5000, 'the first node')
    expect(capstan.queue.stats()).toMatchObject({ running: 1, queued: 1 })
    run.cancel()
    const result = await within(resolved(run.result), 5000, 'the result')
    const events = await all

    expect(calls).toEqual(['n1'])
    expect(result.status).toBe('cancelled')
    expect(result.nodes.map((n) => [n.node, n.status, n.error?.code])).toEqual([
      ['n1', 'cancelled', 'CANCELLED'],
      ['n2', 'cancelled', 'CANCELLED'],
    ])
    expect(events.filter((e) => e.type === 'node:started').map((e) => e.type === 'node:started' && e.node)).toEqual(['n1'])
    expect(capstan.queue.stats()).toMatchObject({ running: 0, queued: 0 })
  })

  it('before anything ran, calls no plugin at all', async () => {
    const { runner, calls } = recordingRunner()
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', [{ id: 'n1' }]), runner] })
    const run = capstan.command.execute({ targets: 'n1', command: 'x' }, { signal: AbortSignal.abort() })
    const outcome = await within(run.result.then((r) => r.status, (error: { code?: string }) => error.code), 5000, 'the result')
    // A cancelled result, as for a signal aborted while running (test/host/aborted-signal.test.ts), and nothing ran.
    expect(outcome).toBe('cancelled')
    expect(run.status).toBe('cancelled')
    expect(calls).toEqual([])
  })
})

describe('a plugin that ignores its signal', () => {
  it('is abandoned killGraceMs + 1 s after the cancel, and the execution still ends `cancelled`', async () => {
    const running = deferred()
    const stubborn = testPlugin({
      name: 'stubborn',
      integrationTypes: ['remote-execution'],
      capabilities: {
        'command.execute': async function* (batch) {
          for (const node of batch.nodes) yield { type: 'node:started', node: node.id }
          running.resolve()
          await never()
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', [{ id: 'n1' }]), stubborn], killGraceMs: 100 })
    const run = capstan.command.execute({ targets: 'n1', command: 'x' })
    await within(running.promise, 5000, 'the plugin')
    const cancelledAt = performance.now()
    run.cancel()
    const result = await within(resolved(run.result), 4000, 'the result')
    const waited = performance.now() - cancelledAt

    expect(waited).toBeGreaterThanOrEqual(1000)
    expect(waited).toBeLessThan(2500)
    expect(result.status).toBe('cancelled')
    expect(result.nodes).toEqual([expect.objectContaining({ node: 'n1', status: 'cancelled' })])
    expect(capstan.queue.stats().running).toBe(0)
    expect(capstan.logger.records.some((r) => r.level === 'warn' && r.msg?.includes('abandoning') === true)).toBe(true)
  })

  it('gets the killSignal as ctx.killSignal, and is abandoned 1 s after it aborts, not after the grace', async () => {
    const running = deferred()
    let seen: AbortSignal | undefined
    const stubborn = testPlugin({
      name: 'stubborn',
      integrationTypes: ['remote-execution'],
      capabilities: {
        'command.execute': async function* (batch, ctx) {
          seen = ctx.killSignal
          for (const node of batch.nodes) yield { type: 'node:started', node: node.id }
          running.resolve()
          await never()
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', [{ id: 'n1' }]), stubborn], killGraceMs: 10_000 })
    const kill = new AbortController()
    const run = capstan.command.execute({ targets: 'n1', command: 'x' }, { killSignal: kill.signal })
    await within(running.promise, 5000, 'the plugin')
    run.cancel()
    const killedAt = performance.now()
    kill.abort()
    const result = await within(resolved(run.result), 5000, 'the result') // the 10 s grace did not pass
    expect(seen?.aborted).toBe(true)
    expect(performance.now() - killedAt).toBeGreaterThanOrEqual(900)
    expect(result.nodes).toEqual([expect.objectContaining({ node: 'n1', status: 'cancelled' })])
  })
})
