import { CapstanError } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { rejection } from '@capstan/test-support/async'
import { alert, fakePlugin } from '../support/fake-plugin.js'
import { foreignCore } from '../support/foreign-core.js'
import { cmdbSource, puppetdbSource } from '../support/two-sources.js'

const node = 'web01.example.com'

function factsPlugin(name: string, facts: Record<string, Record<string, unknown>>) {
  return fakePlugin(name, { integrationTypes: ['facts'], facts })
}

function throwingFacts(name: string, error: unknown) {
  return fakePlugin(name, {
    integrationTypes: ['facts'],
    capabilities: {
      'info.facts': async () => {
        throw error
      },
    },
  })
}

describe('info.facts: providers by priority', () => {
  it('takes the answer of the highest-priority provider and asks no other', async () => {
    const low = factsPlugin('low', { [node]: { kernel: 'low' } })
    const high = factsPlugin('high', { [node]: { kernel: 'high' } })
    await using capstan = await createTestCapstan({ plugins: [low.plugin, { plugin: high.plugin, priority: 10 }] })
    const facts = await capstan.facts.get(node)
    expect(facts).toMatchObject({ node, source: 'high', facts: { kernel: 'high' } })
    expect(low.log.count()).toBe(0)
    expect(high.log.count('info.facts')).toBe(1)
  })

  it('falls through to the next provider on NOT_FOUND', async () => {
    const low = factsPlugin('low', { [node]: { kernel: 'low' } })
    const high = factsPlugin('high', { 'other.example.com': { kernel: 'high' } })
    await using capstan = await createTestCapstan({ plugins: [{ plugin: high.plugin, priority: 10 }, low.plugin] })
    const facts = await capstan.facts.get(node)
    expect(facts.source).toBe('low')
    expect(high.log.count('info.facts')).toBe(1)
    expect(low.log.count('info.facts')).toBe(1)
  })

  it('falls through to the next provider on any other error of a query', async () => {
    const low = factsPlugin('low', { [node]: { kernel: 'low' } })
    const high = throwingFacts('high', new Error('socket hang up'))
    await using capstan = await createTestCapstan({ plugins: [{ plugin: high.plugin, priority: 10 }, low.plugin] })
    expect((await capstan.facts.get(node)).source).toBe('low')
    expect(high.log.count('info.facts')).toBe(1)
  })

  it('is NOT_FOUND when no provider knows the node, and names every provider asked', async () => {
    const a = factsPlugin('a', {})
    const b = factsPlugin('b', {})
    await using capstan = await createTestCapstan({ plugins: [a.plugin, b.plugin] })
    const error = await rejection(capstan.facts.get(node), 'NOT_FOUND')
    expect(error.message).toContain('a:')
    expect(error.message).toContain('b:')
    expect((error.details.attempts as Array<{ plugin: string }>).map((x) => x.plugin)).toEqual(['a', 'b'])
  })

  it('reports the real failure, not NOT_FOUND, when one provider failed and the other did not know the node', async () => {
    const a = throwingFacts('a', new CapstanError('UNAVAILABLE', { message: 'PuppetDB is down' }))
    const b = factsPlugin('b', {})
    await using capstan = await createTestCapstan({ plugins: [{ plugin: a.plugin, priority: 5 }, b.plugin] })
    const error = await rejection(capstan.facts.get(node), 'UNAVAILABLE')
    expect(error.message).toContain('PuppetDB is down')
    expect(error.retryable).toBe(true)
  })

  it('asks only the named plugin with { plugin }', async () => {
    const low = factsPlugin('low', { [node]: { kernel: 'low' } })
    const high = factsPlugin('high', { [node]: { kernel: 'high' } })
    await using capstan = await createTestCapstan({ plugins: [low.plugin, { plugin: high.plugin, priority: 10 }] })
    const facts = await capstan.facts.get(node, { plugin: 'low' })
    expect(facts.source).toBe('low')
    expect(high.log.count()).toBe(0)
  })

  it('does not fall through from a named plugin that does not know the node', async () => {
    const low = factsPlugin('low', {})
    const high = factsPlugin('high', { [node]: { kernel: 'high' } })
    await using capstan = await createTestCapstan({ plugins: [low.plugin, { plugin: high.plugin, priority: 10 }] })
    await rejection(capstan.facts.get(node, { plugin: 'low' }), 'NOT_FOUND')
    expect(high.log.count()).toBe(0)
  })

  it('merges every provider with { all: true }, keeping each fact\'s source', async () => {
    const low = factsPlugin('low', { [node]: { kernel: 'low', uptime: 5 } })
    const high = factsPlugin('high', { [node]: { kernel: 'high', role: 'web' } })
    const absent = factsPlugin('absent', {})
    await using capstan = await createTestCapstan({ plugins: [low.plugin, absent.plugin, { plugin: high.plugin, priority: 10 }] })
    const facts = await capstan.facts.get(node, { all: true })
    expect(facts.source).toBe('merged')
    expect(facts.node).toBe(node)
    expect(facts.facts).toEqual({ kernel: 'high', role: 'web', uptime: 5 })
    expect(facts.factSources).toEqual({ kernel: 'high', role: 'high', uptime: 'low' })
    expect(absent.log.count('info.facts')).toBe(1)
  })
})

describe('info.facts: the node as each provider knows it', () => {
  it('gives each source its own name for the node and answers under the canonical id', async () => {
    const cmdb = cmdbSource({ facts: { [node]: { from: 'cmdb' } } })
    const puppetdb = puppetdbSource({ facts: { web01: { from: 'puppetdb', kernel: 'Linux' } } })
    await using capstan = await createTestCapstan({ plugins: [cmdb.plugin, { plugin: puppetdb.plugin, priority: 10 }] })

    const best = await capstan.facts.get('web01.example.com')
    expect(puppetdb.log.lastInput('info.facts')?.node).toBe('web01')
    expect(best).toMatchObject({ node, source: 'puppetdb', facts: { from: 'puppetdb' } })

    const all = await capstan.facts.get('web01', { all: true })
    expect(cmdb.log.lastInput('info.facts')?.node).toBe(node)
    expect(puppetdb.log.lastInput('info.facts')?.node).toBe('web01')
    expect(all.node).toBe(node)
    expect(all.factSources).toEqual({ from: 'puppetdb', kernel: 'puppetdb' })
  })

  it('gives a provider that is not an inventory source the canonical id', async () => {
    const cmdb = cmdbSource()
    const puppetdb = puppetdbSource()
    const facter = factsPlugin('facter', { [node]: { kernel: 'Linux' } })
    await using capstan = await createTestCapstan({ plugins: [cmdb.plugin, puppetdb.plugin, facter.plugin] })
    const facts = await capstan.facts.get('web01')
    expect(facter.log.lastInput('info.facts')?.node).toBe(node)
    expect(facts.node).toBe(node)
  })

  it('passes the name as given when no inventory source knows the node', async () => {
    const facter = factsPlugin('facter', { 'lonely.example.com': { kernel: 'Linux' } })
    await using capstan = await createTestCapstan({ plugins: [cmdbSource().plugin, facter.plugin] })
    const facts = await capstan.facts.get('lonely.example.com')
    expect(facts.node).toBe('lonely.example.com')
    expect(facter.log.lastInput('info.facts')?.node).toBe('lonely.example.com')
  })
})

describe('prioritised actions (alert.acknowledge)', () => {
  const acknowledging = (name: string, outcome: 'ok' | Error) =>
    fakePlugin(name, {
      integrationTypes: ['alerts'],
      capabilities: {
        'alert.acknowledge': async (input) => {
          if (outcome !== 'ok') throw outcome
          return { alert: alert(input.id, { state: 'acknowledged', acknowledgedBy: name }) }
        },
        'alert.get': async (input) => {
          if (outcome !== 'ok') throw outcome
          return { alert: alert(input.id) }
        },
      },
    })

  it('does not try a second backend after a failure other than NOT_FOUND', async () => {
    const first = acknowledging('first', new CapstanError('UNAVAILABLE', { message: 'Alertmanager returned 502' }))
    const second = acknowledging('second', 'ok')
    await using capstan = await createTestCapstan({ plugins: [{ plugin: first.plugin, priority: 10 }, second.plugin] })
    const error = await rejection(capstan.alerts.acknowledge({ id: 'a1' }), 'UNAVAILABLE')
    expect(error.message).toContain('502')
    expect(first.log.count('alert.acknowledge')).toBe(1)
    expect(second.log.count('alert.acknowledge')).toBe(0)
  })

  it('does not try a second backend after a plain exception either', async () => {
    const first = acknowledging('first', new Error('kaboom'))
    const second = acknowledging('second', 'ok')
    await using capstan = await createTestCapstan({ plugins: [{ plugin: first.plugin, priority: 10 }, second.plugin] })
    const error = await rejection(capstan.alerts.acknowledge({ id: 'a1' }), 'PLUGIN_ERROR')
    expect(error.details.plugin).toBe('first')
    expect(second.log.count()).toBe(0)
  })

  it('tries the next backend when the first does not know the alert', async () => {
    const first = acknowledging('first', new CapstanError('NOT_FOUND', { message: 'no alert a1' }))
    const second = acknowledging('second', 'ok')
    await using capstan = await createTestCapstan({ plugins: [{ plugin: first.plugin, priority: 10 }, second.plugin] })
    const { alert: acked } = await capstan.alerts.acknowledge({ id: 'a1', comment: 'on it' })
    expect(acked.acknowledgedBy).toBe('second')
    expect(second.log.lastInput('alert.acknowledge')).toEqual({ id: 'a1', comment: 'on it' })
  })

  it('tries the next backend on a NOT_FOUND made by another copy of the core (a CJS plugin under an ESM host)', async () => {
    const first = acknowledging('first', new foreignCore.CapstanError('NOT_FOUND', { message: 'no alert a1' }))
    const second = acknowledging('second', 'ok')
    await using capstan = await createTestCapstan({ plugins: [{ plugin: first.plugin, priority: 10 }, second.plugin] })
    expect((await capstan.alerts.acknowledge({ id: 'a1' })).alert.acknowledgedBy).toBe('second')
    expect(first.log.count('alert.acknowledge')).toBe(1)
  })

  it('keeps the code and retryable of another copy\'s error, and does not try a second backend', async () => {
    const first = acknowledging('first', new foreignCore.CapstanError('UNAVAILABLE', { message: 'Alertmanager returned 503', retryable: true, details: { status: 503 } }))
    const second = acknowledging('second', 'ok')
    await using capstan = await createTestCapstan({ plugins: [{ plugin: first.plugin, priority: 10 }, second.plugin] })
    const error = await rejection(capstan.alerts.acknowledge({ id: 'a1' }), 'UNAVAILABLE')
    expect(error).toMatchObject({ message: 'Alertmanager returned 503', retryable: true, details: { status: 503, plugin: 'first', capability: 'alert.acknowledge' } })
    expect(second.log.count()).toBe(0)
  })

  it('lets a query (alert.get) fall through on any failure', async () => {
    const first = acknowledging('first', new Error('kaboom'))
    const second = acknowledging('second', 'ok')
    await using capstan = await createTestCapstan({ plugins: [{ plugin: first.plugin, priority: 10 }, second.plugin] })
    expect((await capstan.alerts.get({ id: 'a1' })).alert.id).toBe('a1')
    expect(second.log.count('alert.get')).toBe(1)
  })

  it('keeps wiring order among equal priorities', async () => {
    const first = acknowledging('first', 'ok')
    const second = acknowledging('second', 'ok')
    await using capstan = await createTestCapstan({ plugins: [second.plugin, first.plugin] })
    expect((await capstan.alerts.acknowledge({ id: 'a1' })).alert.acknowledgedBy).toBe('second')
    expect(capstan.capabilities().find((c) => c.id === 'alert.acknowledge')?.providers.map((p) => p.plugin)).toEqual(['second', 'first'])
  })
})

