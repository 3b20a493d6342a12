import { Execution, type ExecutionEvent, type ProviderContext } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { aborted, deferred, rejection, resolved, sleep, within } from '@capstan/test-support/async'
import { alert, factsOf, fakePlugin } from '../support/fake-plugin.js'
import { recordingRunner } from '../support/execution-plugin.js'
import { slowRunner } from '../support/executions.js'

const delayMs = 150

/** A source whose inventory, facts and alerts each take `delayMs` and honour their signal. */
function slowSource() {
  const slow = async <T>(ctx: ProviderContext, value: T): Promise<T> => {
    await sleep(delayMs, ctx.signal)
    return value
  }
  return fakePlugin('slow', {
    integrationTypes: ['inventory', 'facts', 'alerts'],
    capabilities: {
      'inventory.list': (_input, ctx) => slow(ctx, { nodes: [{ id: 'n1' }] }),
      'info.facts': (input, ctx) => slow(ctx, factsOf(input.node, 'slow', {})),
      'alert.get': (input, ctx) => slow(ctx, { alert: alert(input.id) }),
      'alert.subscribe': async function* (_input, ctx) {
        yield alert('a1')
        await aborted(ctx.signal)
      },
    },
  })
}

/** The signal of a controller aborted with `reason` after `ms`, or already when `ms` is 0. */
function abortedWith(reason: unknown, ms: number): AbortSignal {
  if (ms === 0) return AbortSignal.abort(reason)
  const controller = new AbortController()
  setTimeout(() => controller.abort(reason), ms)
  return controller.signal
}

const when = [
  ['already aborted', 0],
  ['aborted during the call', 20],
] as const

describe('a signal aborted before the call ends a query like one aborted during it', () => {
  it.each(when)('queries, %s: CANCELLED naming the capability, the reason as cause', async (_when, ms) => {
    const source = slowSource()
    await using capstan = await createTestCapstan({ plugins: [source.plugin] })
    const reason = new Error('the user went away')
    const calls = [
      ['alert.get', (signal: AbortSignal) => capstan.alerts.get({ id: 'a1' }, { signal })],
      ['inventory.list', (signal: AbortSignal) => capstan.inventory.list({}, { signal })],
      ['info.facts', (signal: AbortSignal) => capstan.facts.get('n1', { signal, refresh: true })],
    ] as const
    for (const [capability, call] of calls) {
      const error = await rejection(call(abortedWith(reason, ms)), 'CANCELLED')
      expect(error.cause, capability).toBe(reason)
      expect(error.details.capability, capability).toBe(capability)
    }
  })

  it('calls no provider when the signal is already aborted', async () => {
    const source = slowSource()
    await using capstan = await createTestCapstan({ plugins: [source.plugin] })
    await rejection(capstan.inventory.list({}, { signal: AbortSignal.abort() }), 'CANCELLED')
    await rejection(capstan.facts.get('n1', { signal: AbortSignal.abort() }), 'CANCELLED')
    expect(source.log.count()).toBe(0)
  })

  it.each(when)('streams, %s: the iteration ends quietly', async (_when, ms) => {
    const source = slowSource()
    await using capstan = await createTestCapstan({ plugins: [source.plugin] })
    const items: string[] = []
    for await (const item of capstan.alerts.subscribe({}, { signal: abortedWith(new Error('stop'), ms) })) items.push(item.id)
    expect(items).toEqual(ms === 0 ? [] : ['a1'])
    if (ms === 0) expect(source.log.count('alert.subscribe')).toBe(0)
  })
})

describe('a signal aborted before the call ends an execution like one aborted during it', () => {
  /** Runs `command.execute` with `signal`, returns the result, the events and whether `ready` resolved. */
  async function outcome(run: Execution) {
    const events: ExecutionEvent[] = []
    const consumed = (async () => {
      for await (const event of run) events.push(event)
    })()
    const result = await within(resolved(run.result), 5000, 'the result')
    await consumed
    await expect(run.ready).resolves.toBeUndefined()
    return { result, events, status: run.status }
  }

  it('already aborted: `result` resolves `cancelled`, no plugin is called, the stream ends with `finished`', async () => {
    const { runner, calls } = recordingRunner()
    const cmdb = fakePlugin('cmdb', { nodes: [{ id: 'n1' }] })
    await using capstan = await createTestCapstan({ plugins: [cmdb.plugin, runner] })
    const { result, events, status } = await outcome(capstan.command.execute({ targets: 'n1', command: 'x' }, { signal: AbortSignal.abort(new Error('stop')) }))
    expect(result).toMatchObject({ status: 'cancelled', nodes: [] })
    expect(status).toBe('cancelled')
    expect(events.map((e) => e.type)).toEqual(['finished'])
    expect(calls).toEqual([])
    // Not even the inventory was read to resolve the targets.
    expect(cmdb.log.count()).toBe(0)
  })

  it('aborted while the targets are resolved: the same `cancelled` result', async () => {
    const { runner, calls } = recordingRunner()
    const slowInventory = fakePlugin('cmdb', {
      capabilities: {
        'inventory.list': async (_input, ctx) => {
          await sleep(delayMs, ctx.signal)
          return { nodes: [{ id: 'n1' }] }
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [slowInventory.plugin, runner] })
    const { result, status } = await outcome(capstan.command.execute({ targets: 'n1', command: 'x' }, { signal: abortedWith(new Error('stop'), 20) }))
    expect(result).toMatchObject({ status: 'cancelled', nodes: [] })
    expect(status).toBe('cancelled')
    expect(calls).toEqual([])
  })

  it('aborted while running: `cancelled` too, with each node cancelled', async () => {
    const started = deferred()
    const { plugin, calls } = slowRunner(() => started.resolve())
    await using capstan = await createTestCapstan({ plugins: [fakePlugin('cmdb', { nodes: [{ id: 'n1' }] }).plugin, plugin] })
    const controller = new AbortController()
    const run = capstan.command.execute({ targets: 'n1', command: 'x' }, { signal: controller.signal })
    void started.promise.then(() => controller.abort(new Error('stop')))
    const { result, status } = await outcome(run)
    expect(result).toMatchObject({ status: 'cancelled', nodes: [{ node: 'n1', status: 'cancelled', error: { code: 'CANCELLED' } }] })
    expect(status).toBe('cancelled')
    expect(calls).toEqual(['n1'])
  })

  it('invoke resolves to the Execution, whose result is `cancelled`', async () => {
    const { runner } = recordingRunner()
    await using capstan = await createTestCapstan({ plugins: [fakePlugin('cmdb', { nodes: [{ id: 'n1' }] }).plugin, runner] })
    const run = await capstan.invoke('command.execute', { targets: 'n1', command: 'x' }, { signal: AbortSignal.abort() })
    expect(run).toBeInstanceOf(Execution)
    expect((await run.result).status).toBe('cancelled')
  })

  it('the whole-execution timeoutMs passing while the targets are resolved gives a `timeout` result, as it does while running', async () => {
    const { runner } = recordingRunner()
    const slowInventory = fakePlugin('cmdb', {
      capabilities: {
        'inventory.list': async (_input, ctx) => {
          await sleep(delayMs, ctx.signal)
          return { nodes: [{ id: 'n1' }] }
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [slowInventory.plugin, runner] })
    const { result } = await outcome(capstan.command.execute({ targets: 'n1', command: 'x' }, { timeoutMs: 20 }))
    expect(result.status).toBe('timeout')
  })
})
