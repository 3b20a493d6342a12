import { createTestCapstan } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { factsOf, fakePlugin } from '../support/fake-plugin.js'

describe('two Capstan instances in one process', () => {
  it('share no caches, metrics, plugins or listeners', async () => {
    let factsCalls = 0
    const make = (name: string) =>
      fakePlugin(name, {
        nodes: [{ id: `${name}01.example.com` }],
        capabilities: {
          'info.facts': async (input) => {
            factsCalls++
            return factsOf(input.node, name, { by: name })
          },
        },
      })
    const one = make('one')
    const two = make('two')
    await using first = await createTestCapstan({ plugins: [one.plugin] })
    await using second = await createTestCapstan({ plugins: [two.plugin] })

    expect((await first.inventory.list()).nodes.map((n) => n.id)).toEqual(['one01.example.com'])
    expect((await second.inventory.list()).nodes.map((n) => n.id)).toEqual(['two01.example.com'])
    expect(one.log.count('inventory.list')).toBe(1)
    expect(two.log.count('inventory.list')).toBe(1)

    expect((await first.facts.get('shared.example.com')).facts).toEqual({ by: 'one' })
    expect((await second.facts.get('shared.example.com')).facts).toEqual({ by: 'two' })
    expect(factsCalls).toBe(2)

    expect(first.metrics().capabilities['inventory.list']?.count).toBe(1)
    expect(second.metrics().capabilities['inventory.list']?.count).toBe(1)
    expect(first.capabilities().find((c) => c.id === 'inventory.list')?.providers.map((p) => p.plugin)).toEqual(['one'])
    expect(second.plugins().map((p) => p.name)).toEqual(['two'])

    let heard = 0
    first.on('invocation', () => heard++)
    await second.inventory.list()
    expect(heard).toBe(0)

    await first.close()
    expect((await second.inventory.list()).nodes).toHaveLength(1)
    expect(second.plugins()[0]?.state).toBe('ready')
  })

  it('do not share the logger records of createTestCapstan', async () => {
    await using a = await createTestCapstan({ plugins: [fakePlugin('x', { nodes: [], init: async (ctx) => ctx.logger.info({}, 'hello from a') }).plugin] })
    await using b = await createTestCapstan()
    expect(a.logger.records.some((r) => r.msg === 'hello from a')).toBe(true)
    expect(b.logger.records.some((r) => r.msg === 'hello from a')).toBe(false)
  })
})
