import { CapstanError } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { sleep } from '@capstan/test-support/async'
import { factsOf, fakePlugin } from '../support/fake-plugin.js'
import { cmdbSource, puppetdbSource } from '../support/two-sources.js'

const node = 'web01.example.com'

/** A facts provider whose answer changes on every call: `generation` counts the calls. */
function countingFacts(name = 'facter', delayMs = 0) {
  let generation = 0
  const plugin = fakePlugin(name, {
    integrationTypes: ['facts'],
    capabilities: {
      'info.facts': async (input) => {
        generation++
        const mine = generation
        if (delayMs > 0) await sleep(delayMs)
        return factsOf(input.node, name, { generation: mine })
      },
    },
  })
  return plugin
}

describe('facts cache', () => {
  it('answers a second call from the cache without asking the provider', async () => {
    const facter = countingFacts()
    await using capstan = await createTestCapstan({ plugins: [facter.plugin] })
    expect((await capstan.facts.get(node)).facts.generation).toBe(1)
    expect((await capstan.facts.get(node)).facts.generation).toBe(1)
    expect(facter.log.count('info.facts')).toBe(1)
  })

  it('asks the provider again with refresh: true, and caches the new answer', async () => {
    const facter = countingFacts()
    await using capstan = await createTestCapstan({ plugins: [facter.plugin] })
    await capstan.facts.get(node)
    expect((await capstan.facts.get(node, { refresh: true })).facts.generation).toBe(2)
    expect((await capstan.facts.get(node)).facts.generation).toBe(2)
    expect(facter.log.count('info.facts')).toBe(2)
  })

  it('facts.refresh() gathers again and leaves the new value in the cache', async () => {
    const facter = countingFacts()
    await using capstan = await createTestCapstan({ plugins: [facter.plugin] })
    await capstan.facts.get(node)
    const refreshed = await capstan.facts.refresh(node)
    expect(refreshed.facts.generation).toBe(2)
    expect(facter.log.lastInput('info.facts')).toMatchObject({ node, refresh: true })
    expect((await capstan.facts.get(node)).facts.generation).toBe(2)
    expect(facter.log.count('info.facts')).toBe(2)
  })

  it('facts.refresh() also drops what was cached under another name of the node', async () => {
    const facter = countingFacts()
    await using capstan = await createTestCapstan({ plugins: [cmdbSource().plugin, puppetdbSource().plugin, facter.plugin] })
    await capstan.facts.get('web01', { plugin: 'facter' })
    await capstan.facts.refresh('web01.example.com')
    expect((await capstan.facts.get('web01', { plugin: 'facter' })).facts.generation).toBe(3)
  })

  it('calls the provider once for ten concurrent calls', async () => {
    const facter = countingFacts('facter', 30)
    await using capstan = await createTestCapstan({ plugins: [facter.plugin] })
    const all = await Promise.all(Array.from({ length: 10 }, () => capstan.facts.get(node)))
    expect(facter.log.count('info.facts')).toBe(1)
    expect(new Set(all.map((f) => f.facts.generation))).toEqual(new Set([1]))
  })

  it('shares one entry between a node\'s short name and its canonical id', async () => {
    const facter = countingFacts()
    await using capstan = await createTestCapstan({ plugins: [cmdbSource().plugin, puppetdbSource().plugin, facter.plugin] })
    const byAlias = await capstan.facts.get('web01')
    const byId = await capstan.facts.get('WEB01.example.com')
    expect(byAlias.node).toBe(node)
    expect(byId.facts.generation).toBe(1)
    expect(facter.log.count('info.facts')).toBe(1)
  })

  it('keeps { plugin } and { all } answers apart from the default one', async () => {
    const facter = countingFacts()
    await using capstan = await createTestCapstan({ plugins: [facter.plugin] })
    await capstan.facts.get(node)
    await capstan.facts.get(node, { plugin: 'facter' })
    await capstan.facts.get(node, { all: true })
    expect(facter.log.count('info.facts')).toBe(3)
    expect((await capstan.facts.get(node, { all: true })).facts.generation).toBe(3)
    expect(facter.log.count('info.facts')).toBe(3)
  })

  it('does not cache a failure', async () => {
    let calls = 0
    const flaky = fakePlugin('flaky', {
      integrationTypes: ['facts'],
      capabilities: {
        'info.facts': async (input) => {
          calls++
          if (calls === 1) throw new CapstanError('UNAVAILABLE', { message: 'try later' })
          return factsOf(input.node, 'flaky', { ok: true })
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [flaky.plugin] })
    await expect(capstan.facts.get(node)).rejects.toMatchObject({ code: 'UNAVAILABLE' })
    expect((await capstan.facts.get(node)).facts).toEqual({ ok: true })
  })

  it('expires entries after factsTtlMs', async () => {
    const facter = countingFacts()
    await using capstan = await createTestCapstan({ plugins: [facter.plugin], cache: { factsTtlMs: 40 } })
    await capstan.facts.get(node)
    await sleep(80)
    expect((await capstan.facts.get(node)).facts.generation).toBe(2)
  })
})

describe('inventory cache', () => {
  it('answers a second list from the cache without asking the sources', async () => {
    const cmdb = cmdbSource()
    await using capstan = await createTestCapstan({ plugins: [cmdb.plugin] })
    const first = await capstan.inventory.list()
    const second = await capstan.inventory.list()
    expect(second.nodes).toEqual(first.nodes)
    expect(cmdb.log.count('inventory.list')).toBe(1)
  })

  it('asks each source once for ten concurrent lists', async () => {
    const slow = fakePlugin('slow', {
      capabilities: {
        'inventory.list': async () => {
          await sleep(30)
          return { nodes: [{ id: 'slow01.example.com' }] }
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [slow.plugin] })
    const all = await Promise.all(Array.from({ length: 10 }, () => capstan.inventory.list()))
    expect(slow.log.count('inventory.list')).toBe(1)
    expect(all.every((r) => r.nodes.length === 1)).toBe(true)
  })

  it('asks every source again with refresh: true', async () => {
    const cmdb = cmdbSource()
    const puppetdb = puppetdbSource()
    await using capstan = await createTestCapstan({ plugins: [cmdb.plugin, puppetdb.plugin] })
    await capstan.inventory.list()
    await capstan.inventory.list({ refresh: true })
    expect(cmdb.log.count('inventory.list')).toBe(2)
    expect(puppetdb.log.count('inventory.list')).toBe(2)
  })

  it('does not cache a partial result: the next call asks every source again', async () => {
    let failures = 1
    const flaky = fakePlugin('flaky', {
      capabilities: {
        'inventory.list': async () => {
          if (failures-- > 0) throw new Error('timeout talking to the CMDB')
          return { nodes: [{ id: 'late.example.com' }] }
        },
      },
    })
    const cmdb = cmdbSource()
    await using capstan = await createTestCapstan({ plugins: [flaky.plugin, cmdb.plugin] })
    const partial = await capstan.inventory.list()
    expect(partial.partial).toBe(true)
    const full = await capstan.inventory.list()
    expect(full.partial).toBe(false)
    expect(full.nodes.map((n) => n.id)).toContain('late.example.com')
    expect(flaky.log.count('inventory.list')).toBe(2)
    expect(cmdb.log.count('inventory.list')).toBe(2)
    await capstan.inventory.list()
    expect(cmdb.log.count('inventory.list')).toBe(2)
  })

  it('does not cache a total failure either', async () => {
    let failures = 1
    const flaky = fakePlugin('flaky', {
      capabilities: {
        'inventory.list': async () => {
          if (failures-- > 0) throw new Error('down')
          return { nodes: [{ id: 'up.example.com' }] }
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [flaky.plugin] })
    await expect(capstan.inventory.list()).rejects.toMatchObject({ code: 'UNAVAILABLE' })
    expect((await capstan.inventory.list()).nodes.map((n) => n.id)).toEqual(['up.example.com'])
  })

  it('caches each filter separately, without asking the sources again', async () => {
    const cmdb = cmdbSource()
    await using capstan = await createTestCapstan({ plugins: [cmdb.plugin] })
    const web = await capstan.inventory.filter({ groups: ['web'] })
    const db = await capstan.inventory.filter({ groups: ['db'] })
    expect(web.nodes.map((n) => n.id)).toEqual(['web01.example.com'])
    expect(db.nodes.map((n) => n.id)).toEqual(['db01.example.com'])
    await capstan.inventory.filter({ groups: ['web'] })
    expect(cmdb.log.count('inventory.list')).toBe(2)
  })

  it('expires entries after inventoryTtlMs', async () => {
    const cmdb = cmdbSource()
    await using capstan = await createTestCapstan({ plugins: [cmdb.plugin], cache: { inventoryTtlMs: 40 } })
    await capstan.inventory.list()
    await sleep(80)
    await capstan.inventory.list()
    expect(cmdb.log.count('inventory.list')).toBe(2)
  })

  it('disables caching with a TTL of 0, as the option documents', async () => {
    const cmdb = cmdbSource()
    const facter = countingFacts()
    await using capstan = await createTestCapstan({ plugins: [cmdb.plugin, facter.plugin], cache: { inventoryTtlMs: 0, factsTtlMs: 0 } })
    await capstan.inventory.list()
    await capstan.inventory.list()
    expect(cmdb.log.count('inventory.list')).toBe(2)
    await capstan.facts.get(node)
    expect((await capstan.facts.get(node)).facts.generation).toBe(2)
  })
})
