import { CapstanError, type ProviderContext } from 'capstan'
import { describe, expect, it } from 'vitest'
import { callProvider } from '../../src/registry/call-provider.js'
import { never, rejection, sleep } from '@capstan/test-support/async'
import { entry, linkedNode, providerCall } from '../support/registry-entries.js'

describe('callProvider', () => {
  it('passes the input and a context with signal, principal and nodes', async () => {
    let seen: { input: unknown; ctx: ProviderContext } | undefined
    const principal = { id: 'alice', roles: ['ops'] }
    const nodes = [linkedNode('web01')]
    const out = await callProvider(entry('p', async (input, ctx) => ((seen = { input, ctx }), 'ok')), { a: 1 }, providerCall({ principal, nodes }))
    expect(out).toBe('ok')
    expect(seen?.input).toEqual({ a: 1 })
    expect(seen?.ctx.principal).toEqual(principal)
    expect(seen?.ctx.nodes).toBe(nodes)
    expect(seen?.ctx.signal.aborted).toBe(false)
  })

  it('times out after the entry\'s timeoutMs even when the handler ignores its signal', async () => {
    let signal: AbortSignal | undefined
    const started = performance.now()
    const error = await rejection(callProvider(entry('slow', (_i, ctx) => ((signal = ctx.signal), never()), { timeoutMs: 30 }), {}, providerCall()), 'TIMEOUT')
    expect(performance.now() - started).toBeLessThan(150)
    expect(error.details).toMatchObject({ plugin: 'slow', capability: 'alert.get', timeoutMs: 30 })
    expect(signal?.aborted).toBe(true)
  })

  it('lets the call\'s timeoutMs override the entry\'s', async () => {
    await rejection(callProvider(entry('slow', () => sleep(200), { timeoutMs: 10_000 }), {}, providerCall({ timeoutMs: 20 })), 'TIMEOUT')
  })

  it('turns a plain exception into PLUGIN_ERROR naming plugin and capability, keeping the cause', async () => {
    const boom = new Error('boom')
    const error = await rejection(
      callProvider(entry('p', async () => {
        throw boom
      }), {}, providerCall()),
      'PLUGIN_ERROR',
    )
    expect(error.details).toMatchObject({ plugin: 'p', capability: 'alert.get' })
    expect(error.cause).toBe(boom)
    expect(error.message).toContain('boom')
  })

  it('turns a synchronous throw into a rejection', async () => {
    await rejection(
      callProvider(entry('p', () => {
        throw new Error('sync')
      }), {}, providerCall()),
      'PLUGIN_ERROR',
    )
  })

  it('keeps a CapstanError\'s code, message and details, adding the plugin', async () => {
    const error = await rejection(
      callProvider(entry('p', async () => {
        throw new CapstanError('NOT_FOUND', { message: 'no such alert', details: { id: 'a1' } })
      }), {}, providerCall()),
      'NOT_FOUND',
    )
    expect(error.message).toBe('no such alert')
    expect(error.details).toMatchObject({ id: 'a1', plugin: 'p', capability: 'alert.get' })
  })

  it('does not call the handler when the signal is already aborted', async () => {
    let called = false
    await rejection(callProvider(entry('p', async () => ((called = true), 1)), {}, providerCall({ signal: AbortSignal.abort() })), 'CANCELLED')
    expect(called).toBe(false)
  })

  it('rejects with CANCELLED as soon as the caller aborts, aborting the handler\'s signal', async () => {
    const controller = new AbortController()
    let signal: AbortSignal | undefined
    // A minute's timeout: only the abort can end the call before it, however loaded the machine.
    const pending = callProvider(entry('p', (_i, ctx) => ((signal = ctx.signal), never()), { timeoutMs: 60_000 }), {}, providerCall({ signal: controller.signal }))
    setTimeout(() => controller.abort(), 10)
    const started = performance.now()
    await rejection(pending, 'CANCELLED')
    expect(performance.now() - started).toBeLessThan(10_000)
    expect(signal?.aborted).toBe(true)
  })

  it('passes a CapstanError abort reason through unchanged', async () => {
    const reason = new CapstanError('TIMEOUT', { message: 'whole execution timed out' })
    const error = await rejection(callProvider(entry('p', () => never()), {}, providerCall({ signal: AbortSignal.abort(reason) })), 'TIMEOUT')
    expect(error).toBe(reason)
  })
})
