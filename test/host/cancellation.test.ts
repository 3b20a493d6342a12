import { type ProviderContext } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { rejection, resolved, sleep } from '@capstan/test-support/async'
import { alert, factsOf, fakePlugin } from '../support/fake-plugin.js'
import { cmdbSource } from '../support/two-sources.js'

const delayMs = 150

/** A plugin whose every handler takes `delayMs` (honouring nothing) and records its context. */
function slowPlugin() {
  const contexts: ProviderContext[] = []
  const slow = async <T>(ctx: ProviderContext, value: T): Promise<T> => {
    contexts.push(ctx)
    await sleep(delayMs)
    return value
  }
  const plugin = fakePlugin('slow', {
    integrationTypes: ['alerts', 'facts', 'inventory', 'packages'],
    capabilities: {
      'alert.get': (input, ctx) => slow(ctx, { alert: alert(input.id) }),
      'info.facts': (input, ctx) => slow(ctx, factsOf(input.node, 'slow', {})),
      'inventory.list': (_input, ctx) => slow(ctx, { nodes: [{ id: 'slow01.example.com' }] }),
      'package.list': (input, ctx) => slow(ctx, { nodes: (input.targets as string[]).map((node) => ({ node, packages: [] })) }),
    },
  })
  return { ...plugin, contexts }
}

/** Aborts after `ms` and returns how long the call took to reject with CANCELLED. */
async function cancelledAfter(ms: number, call: (signal: AbortSignal) => Promise<unknown>): Promise<number> {
  const controller = new AbortController()
  const started = performance.now()
  const pending = call(controller.signal)
  setTimeout(() => controller.abort(), ms)
  await rejection(pending, 'CANCELLED')
  return performance.now() - started
}

describe('cancelling an invocation with an AbortSignal', () => {
  it('rejects a slow prioritised call with CANCELLED promptly and aborts the provider\'s signal', async () => {
    const slow = slowPlugin()
    await using capstan = await createTestCapstan({ plugins: [slow.plugin] })
    const took = await cancelledAfter(20, (signal) => capstan.alerts.get({ id: 'a1' }, { signal }))
    expect(took).toBeLessThan(delayMs - 50)
    expect(slow.contexts.at(-1)?.signal.aborted).toBe(true)
  })

  it('rejects a slow inventory list with CANCELLED promptly, and the next call is not poisoned', async () => {
    const slow = slowPlugin()
    await using capstan = await createTestCapstan({ plugins: [slow.plugin] })
    const took = await cancelledAfter(20, (signal) => capstan.inventory.list({}, { signal }))
    expect(took).toBeLessThan(delayMs - 50)
    expect(slow.contexts.at(-1)?.signal.aborted).toBe(true)
    expect((await capstan.inventory.list()).nodes.map((n) => n.id)).toEqual(['slow01.example.com'])
  })

  it('rejects a slow facts call with CANCELLED promptly', async () => {
    const slow = slowPlugin()
    await using capstan = await createTestCapstan({ plugins: [cmdbSource().plugin, slow.plugin] })
    await capstan.inventory.list()
    const took = await cancelledAfter(20, (signal) => capstan.facts.get('web01.example.com', { signal, plugin: 'slow' }))
    expect(took).toBeLessThan(delayMs - 50)
  })

  // Executions (command.execute, ...) are cancelled through the engine: test/execution/execution-engine-cancellation.test.ts.
  it('rejects a slow targeted call with CANCELLED promptly', async () => {
    const slow = slowPlugin()
    await using capstan = await createTestCapstan({ plugins: [cmdbSource().plugin, slow.plugin] })
    await capstan.inventory.list()
    const took = await cancelledAfter(20, (signal) => capstan.packages.list({ targets: 'web01.example.com' }, { plugin: 'slow', signal }))
    expect(took).toBeLessThan(delayMs - 50)
    expect(slow.contexts.at(-1)?.signal.aborted).toBe(true)
  })

  it('does not call the provider at all when the signal is already aborted', async () => {
    const slow = slowPlugin()
    await using capstan = await createTestCapstan({ plugins: [slow.plugin] })
    await rejection(capstan.alerts.get({ id: 'a1' }, { signal: AbortSignal.abort() }), 'CANCELLED')
    expect(slow.log.count('alert.get')).toBe(0)
  })

  it('records a cancelled call as an invocation error with code CANCELLED', async () => {
    const slow = slowPlugin()
    await using capstan = await createTestCapstan({ plugins: [slow.plugin] })
    const codes: Array<string | undefined> = []
    capstan.on('invocation', (e) => codes.push(e.code))
    await cancelledAfter(10, (signal) => capstan.alerts.get({ id: 'a1' }, { signal }))
    expect(codes).toEqual(['CANCELLED'])
    expect(capstan.metrics().capabilities['alert.get']).toMatchObject({ count: 1, errors: 1 })
  })
})

describe('cancelling one of several callers sharing a cached load', () => {
  it('does not cancel a concurrent inventory caller that did not abort', async () => {
    const slow = slowPlugin()
    await using capstan = await createTestCapstan({ plugins: [slow.plugin] })
    const controller = new AbortController()
    const quitter = capstan.inventory.list({}, { signal: controller.signal })
    const patient = capstan.inventory.list()
    setTimeout(() => controller.abort(), 20)
    await rejection(quitter, 'CANCELLED')
    expect((await resolved(patient)).nodes.map((n) => n.id)).toEqual(['slow01.example.com'])
  })

  it('does not cancel a concurrent facts caller that did not abort', async () => {
    const slow = fakePlugin('slow', {
      integrationTypes: ['facts'],
      capabilities: {
        'info.facts': async (input) => {
          await sleep(delayMs)
          return factsOf(input.node, 'slow', {})
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [slow.plugin] })
    const controller = new AbortController()
    const quitter = capstan.facts.get('n1.example.com', { signal: controller.signal })
    const patient = capstan.facts.get('n1.example.com')
    setTimeout(() => controller.abort(), 20)
    await rejection(quitter, 'CANCELLED')
    expect((await resolved(patient)).node).toBe('n1.example.com')
    expect(slow.log.count('info.facts')).toBe(1)
  })
})

describe('per-call timeout', () => {
  it('times a slow provider out with TIMEOUT using the invoke option timeoutMs', async () => {
    const slow = slowPlugin()
    await using capstan = await createTestCapstan({ plugins: [slow.plugin] })
    const started = performance.now()
    const error = await rejection(capstan.alerts.get({ id: 'a1' }, { timeoutMs: 20 }), 'TIMEOUT')
    expect(performance.now() - started).toBeLessThan(delayMs - 50)
    expect(error.details).toMatchObject({ plugin: 'slow', capability: 'alert.get', timeoutMs: 20 })
    expect(error.retryable).toBe(true)
    expect(slow.contexts.at(-1)?.signal.aborted).toBe(true)
  })

  it('uses the host\'s providerTimeoutMs by default', async () => {
    const slow = slowPlugin()
    await using capstan = await createTestCapstan({ plugins: [slow.plugin], providerTimeoutMs: 20 })
    await rejection(capstan.alerts.get({ id: 'a1' }), 'TIMEOUT')
  })
})
