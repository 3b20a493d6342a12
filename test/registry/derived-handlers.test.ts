// Derivation is data on the descriptor: any capability, core or contributed,
// may say which capability serves it and how the input maps.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { BasePlugin, createCapstan, defineCapability, defineCapabilityType, type CapabilityHandlers, type PluginMetadata } from 'capstan'
import { capabilityCatalog } from '../../src/capabilities/catalog.js'
import { withDerivedHandlers } from '../../src/registry/derived-handlers.js'

describe('withDerivedHandlers', () => {
  it('derives the core ids the descriptors say, and only where the plugin lacks its own', () => {
    const list = async () => ({ nodes: [] })
    const own = async () => ({ nodes: [] })
    const handlers = withDerivedHandlers({ 'inventory.list': list, 'inventory.filter': own }, capabilityCatalog)
    expect(Object.keys(handlers).sort()).toEqual(['inventory.filter', 'inventory.get', 'inventory.list'])
    expect(handlers['inventory.filter']).toBe(own)
    expect(handlers['inventory.get']).not.toBe(list)
  })

  it('passes the fields `keep` names and sets those `set` sets', async () => {
    const calls: unknown[] = []
    const record = async (input: unknown) => {
      calls.push(input)
      return {}
    }
    const handlers = withDerivedHandlers({ 'inventory.list': record, 'info.facts': record }, capabilityCatalog)
    await (handlers['inventory.filter'] as (input: unknown, ctx: unknown) => Promise<unknown>)({ names: ['web*'], refresh: true }, {})
    await (handlers['info.refresh'] as (input: unknown, ctx: unknown) => Promise<unknown>)({ node: 'web01' }, {})
    expect(calls).toEqual([{ refresh: true }, { node: 'web01', refresh: true }])
  })
})

describe('a contributed capability derived from another', () => {
  const type = defineCapabilityType({
    name: 'tally',
    description: 'Counting',
    capabilities: {
      count: defineCapability({ id: 'tally.count', type: 'tally', description: 'Count', kind: 'query', routing: { mode: 'prioritised' }, input: z.object({ from: z.number().int(), fast: z.boolean().default(false) }).strict(), output: z.object({ n: z.number(), fast: z.boolean() }) }),
      quick: defineCapability({
        id: 'tally.quick',
        type: 'tally',
        description: 'Count, fast',
        kind: 'query',
        routing: { mode: 'prioritised' },
        derivedFrom: { capability: 'tally.count', keep: ['from'], set: { fast: true } },
        input: z.object({ from: z.number().int() }).strict(),
        output: z.object({ n: z.number(), fast: z.boolean() }),
      }),
    },
  })

  it('is served by a plugin that implements only the other, with the mapped input', async () => {
    const plugin = new (class extends BasePlugin {
      readonly metadata: PluginMetadata = { name: 'counter', version: '1.0.0', integrationTypes: ['tally'] }
      override readonly contributes = [type]
      protected async performInitialization(): Promise<void> {}
      capabilities(): CapabilityHandlers {
        return { 'tally.count': async (input: unknown) => ({ n: (input as { from: number }).from + 1, fast: (input as { fast: boolean }).fast }) } as CapabilityHandlers
      }
    })()
    await using capstan = await createCapstan({ plugins: [plugin] })
    await expect(capstan.invokeUnchecked('tally.quick', { from: 41 })).resolves.toEqual({ n: 42, fast: true })
    expect(capstan.capabilities().find((c) => c.id === 'tally.quick')).toMatchObject({ derivedFrom: { capability: 'tally.count' }, providers: [{ plugin: 'counter' }] })
  })
})

describe('a contributed capability derived from an unknown one', () => {
  it('is refused when wired, naming both ids', async () => {
    const type = defineCapabilityType({
      name: 'tally',
      description: 'Counting',
      capabilities: { quick: defineCapability({ id: 'tally.quick', type: 'tally', description: 'Count, fast', kind: 'query', routing: { mode: 'prioritised' }, derivedFrom: { capability: 'tally.cuont' }, input: z.object({}).strict(), output: z.object({}) }) },
    })
    const plugin = new (class extends BasePlugin {
      readonly metadata: PluginMetadata = { name: 'counter', version: '1.0.0', integrationTypes: ['tally'] }
      override readonly contributes = [type]
      protected async performInitialization(): Promise<void> {}
      capabilities(): CapabilityHandlers {
        return {}
      }
    })()
    await expect(createCapstan({ plugins: [plugin] })).rejects.toMatchObject({ code: 'CONFIG_ERROR', details: { capability: 'tally.quick', derivedFrom: 'tally.cuont' } })
  })
})
