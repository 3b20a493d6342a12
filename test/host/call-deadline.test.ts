// One deadline per query or action (issue 13, part 7): resolving the node through
// inventory, every provider asked and their retries share it, and a plugin that hung
// once in a call is not waited for a second time in the same call.
import { createTestCapstan } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { never, rejection, within } from '@capstan/test-support/async'
import { factsOf, fakePlugin } from '../support/fake-plugin.js'
import { CapstanError } from 'capstan'

/** A backend that hangs: it serves inventory and facts, answers nothing, ignores its signal. */
function hungBackend() {
  return fakePlugin('pdb', {
    integrationTypes: ['inventory', 'facts'],
    capabilities: { 'inventory.list': () => never(), 'info.facts': () => never() },
  })
}

/** A source that answers: it lists web01 and has its facts. */
function cmdb() {
  return fakePlugin('cmdb', { nodes: [{ id: 'web01.example.com' }], facts: { 'web01.example.com': { role: 'web' } } })
}

describe('the deadline of one call', () => {
  it('bounds facts.get by one number: a hung inventory source uses it up and no provider is asked after it passed', async () => {
    const pdb = hungBackend()
    await using capstan = await createTestCapstan({ plugins: [pdb.plugin], providerTimeoutMs: 10_000, callTimeoutMs: 100 })
    const error = await within(rejection(capstan.facts.get('web01.example.com'), 'TIMEOUT'), 5000)
    expect(error.message).toBe("info.facts did not finish within 100 ms, the call's deadline (the host's callTimeoutMs)")
    expect(error.details).toMatchObject({ capability: 'info.facts', timeoutMs: 100, deadline: 'callTimeoutMs' })
    // Before the deadline, facts.get waited for inventory, then for facts again: twice the provider timeout.
    expect([pdb.log.count('inventory.list'), pdb.log.count('info.facts')]).toEqual([1, 0])
    expect(pdb.log.of('inventory.list')[0]?.ctx.signal.aborted).toBe(true)
  })

  it("is the caller's timeoutMs when given, and says so", async () => {
    const pdb = hungBackend()
    await using capstan = await createTestCapstan({ plugins: [pdb.plugin], providerTimeoutMs: 10_000 })
    const error = await within(rejection(capstan.facts.get('web01.example.com', { timeoutMs: 80 }), 'TIMEOUT'), 5000)
    expect(error.message).toContain('within 80 ms')
    expect(error.details).toMatchObject({ timeoutMs: 80, deadline: 'options.timeoutMs' })
    const list = await within(rejection(capstan.inventory.list({}, { timeoutMs: 50 }), 'TIMEOUT'), 5000)
    expect(list.details).toMatchObject({ capability: 'inventory.list', timeoutMs: 50 })
  })

  it('defaults to providerTimeoutMs, so a hung backend fails a call within one provider timeout', async () => {
    const pdb = hungBackend()
    await using capstan = await createTestCapstan({ plugins: [pdb.plugin], providerTimeoutMs: 60 })
    const error = await within(rejection(capstan.facts.get('web01.example.com'), 'TIMEOUT'), 5000)
    expect(error.details).toMatchObject({ capability: 'info.facts', timeoutMs: 60, deadline: 'callTimeoutMs' })
    expect(pdb.log.count('info.facts')).toBe(0)
  })

  it('does not ask a plugin again in the same call once it timed out: facts come from the next provider at once', async () => {
    const pdb = hungBackend()
    const source = cmdb()
    // pdb is asked first for facts (higher priority), and times out listing inventory first.
    await using capstan = await createTestCapstan({ plugins: [{ plugin: pdb.plugin, priority: 10, timeoutMs: 50 }, source.plugin], callTimeoutMs: 10_000 })
    const facts = await within(capstan.facts.get('web01.example.com'), 5000)
    expect(facts.facts).toEqual({ role: 'web' })
    expect([pdb.log.count('inventory.list'), pdb.log.count('info.facts')]).toEqual([1, 0])
    // The memory is the call's: the next call asks pdb again.
    await within(capstan.facts.get('web01.example.com', { refresh: true }), 5000)
    expect(pdb.log.count('inventory.list')).toBe(2)
  })

  it('says why a provider was skipped when no other could answer', async () => {
    const pdb = hungBackend()
    await using capstan = await createTestCapstan({ plugins: [{ plugin: pdb.plugin, timeoutMs: 50 }], callTimeoutMs: 10_000 })
    const error = await within(rejection(capstan.facts.get('web01.example.com'), 'TIMEOUT'), 5000)
    expect(error.message).toMatch(/^pdb was not asked for info\.facts: it already failed in this call \(pdb did not answer inventory\.list within 50 ms\)/)
    expect(error.details).toMatchObject({ plugin: 'pdb', capability: 'info.facts', failedEarlier: 'inventory.list' })
    expect(error.cause).toBeInstanceOf(CapstanError)
    expect(pdb.log.count('info.facts')).toBe(0)
  })

  it('does not remember answers: a NOT_FOUND earlier in the call does not stop the plugin being asked', async () => {
    const picky = fakePlugin('picky', {
      nodes: [{ id: 'web01.example.com' }],
      capabilities: { 'inventory.groups': async () => Promise.reject(new CapstanError('NOT_FOUND', { message: 'no groups here' })), 'info.facts': async (input) => factsOf(input.node, 'picky', { ok: true }) },
    })
    await using capstan = await createTestCapstan({ plugins: [picky.plugin] })
    expect((await capstan.facts.get('web01.example.com')).facts).toEqual({ ok: true })
    expect(picky.log.count('info.facts')).toBe(1)
  })

  it('rejects a callTimeoutMs a timer cannot hold, naming it', async () => {
    for (const bad of [0, 2 ** 31, 1.5]) {
      const error = await rejection(createTestCapstan({ callTimeoutMs: bad }), 'CONFIG_ERROR')
      expect(error.details.field).toBe('callTimeoutMs')
    }
  })
})
