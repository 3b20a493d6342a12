import { capabilityCatalog, type ProviderContext } from 'capstan'
import { RecordingLogger } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { CapabilityRegistry } from '../../src/registry/capability-registry.js'
import { rejection } from '@capstan/test-support/async'
import { alert, factsOf } from '../support/fake-plugin.js'

function registry(options: { validateOutput?: boolean; defaultTimeoutMs?: number } = {}) {
  return new CapabilityRegistry({ catalog: capabilityCatalog, logger: new RecordingLogger(), ...options })
}

const ids = (r: CapabilityRegistry, id: string) => r.providers(id).map((p) => p.plugin)
const d = (r: CapabilityRegistry, id: string) => r.descriptor(id)

describe('CapabilityRegistry registration', () => {
  it('orders providers by priority, then by registration order', () => {
    const r = registry()
    const h = async () => ({ alerts: [] })
    r.register('a', { 'alert.list': h })
    r.register('b', { 'alert.list': h }, { priority: 5 })
    r.register('c', { 'alert.list': h })
    r.register('d', { 'alert.list': h }, { priority: 5 })
    expect(ids(r, 'alert.list')).toEqual(['b', 'd', 'a', 'c'])
  })

  it('derives info.refresh from info.facts and inventory.filter from inventory.list', async () => {
    const r = registry()
    const inputs: unknown[] = []
    r.register('p', {
      'info.facts': async (input: { node: string }) => (inputs.push(input), factsOf(input.node, 'p', {})),
      'inventory.list': async (input: unknown) => (inputs.push(input), { nodes: [] }),
    })
    expect(ids(r, 'info.refresh')).toEqual(['p'])
    expect(ids(r, 'inventory.filter')).toEqual(['p'])
    const ctx = { signal: new AbortController().signal, logger: new RecordingLogger() } as ProviderContext
    await r.providers('info.refresh')[0]?.handler({ node: 'n1' }, ctx)
    await r.providers('inventory.filter')[0]?.handler({ groups: ['web'], refresh: true }, ctx)
    expect(inputs).toEqual([{ node: 'n1', refresh: true }, { refresh: true }])
  })

  it('uses a plugin\'s own implementation over a derived one', async () => {
    const r = registry()
    const own = async () => ({ nodes: [{ id: 'own' }] })
    r.register('p', { 'inventory.list': async () => ({ nodes: [] }), 'inventory.filter': own })
    const ctx = { signal: new AbortController().signal, logger: new RecordingLogger() } as ProviderContext
    expect(await r.providers('inventory.filter')[0]?.handler({}, ctx)).toEqual({ nodes: [{ id: 'own' }] })
  })

  it('rejects a handler for an id outside the catalog with CONFIG_ERROR naming plugin and id', () => {
    const r = registry()
    let thrown: unknown
    try {
      r.register('typo', { 'inventory.lst': async () => ({}) })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toMatchObject({ code: 'CONFIG_ERROR', details: { plugin: 'typo', field: 'inventory.lst' } })
  })

  it('registers nothing of a plugin whose handlers include an unknown id', () => {
    const r = registry()
    expect(() => r.register('typo', { 'alert.list': async () => ({ alerts: [] }), 'alert.lst': async () => ({}) })).toThrow()
    expect(ids(r, 'alert.list')).toEqual([])
  })

  it('skips entries that are not functions', () => {
    const r = registry()
    r.register('p', { 'alert.list': undefined, 'alert.get': 'nope' })
    expect(ids(r, 'alert.list')).toEqual([])
    expect(ids(r, 'alert.get')).toEqual([])
  })

  it('removes every handler of a plugin on unregister, derived ones included', () => {
    const r = registry()
    r.register('a', { 'inventory.list': async () => ({ nodes: [] }), 'info.facts': async () => factsOf('n', 'a', {}) })
    r.register('b', { 'inventory.list': async () => ({ nodes: [] }) })
    r.unregister('a')
    expect(ids(r, 'inventory.list')).toEqual(['b'])
    expect(ids(r, 'inventory.filter')).toEqual(['b'])
    expect(ids(r, 'info.facts')).toEqual([])
    expect(ids(r, 'info.refresh')).toEqual([])
  })

  it('gives each entry the registration timeout, or the registry default', () => {
    const r = registry({ defaultTimeoutMs: 1234 })
    r.register('a', { 'alert.list': async () => ({ alerts: [] }) })
    r.register('b', { 'alert.list': async () => ({ alerts: [] }) }, { timeoutMs: 50, transports: ['ssh'] })
    expect(r.providers('alert.list').map((p) => [p.plugin, p.timeoutMs, p.transports])).toEqual([
      ['a', 1234, undefined],
      ['b', 50, ['ssh']],
    ])
  })
})

describe('CapabilityRegistry lookups and validation', () => {
  it('throws UNKNOWN_CAPABILITY suggesting the nearest known id', () => {
    let thrown: unknown
    try {
      registry().descriptor('inventory.lst')
    } catch (error) {
      thrown = error
    }
    expect(thrown).toMatchObject({ code: 'UNKNOWN_CAPABILITY', details: { capability: 'inventory.lst' } })
    expect(thrown).toMatchObject({ details: { suggestion: 'inventory.list' } })
    expect((thrown as Error).message).toContain('did you mean "inventory.list"?')
  })

  it('knows every catalog descriptor', () => {
    expect(registry().descriptors().map((x) => x.id)).toEqual(capabilityCatalog.map((x) => x.id))
  })

  it('returns the parsed input with defaults applied', () => {
    const r = registry()
    expect(r.validate(d(r, 'alert.list'), { severity: 'critical' })).toEqual({ severity: 'critical', limit: 100 })
    expect(r.validate(d(r, 'inventory.list'), undefined)).toEqual({ refresh: false })
  })

  it('names the plugin asked for and the actual providers in NO_PROVIDER', () => {
    const r = registry()
    r.register('a', { 'alert.list': async () => ({ alerts: [] }) })
    expect(r.routable(d(r, 'alert.list')).map((p) => p.plugin)).toEqual(['a'])
    expect(() => r.routable(d(r, 'alert.list'), 'b')).toThrow(expect.objectContaining({ code: 'NO_PROVIDER', details: { capability: 'alert.list', plugin: 'b', providers: ['a'] } }))
    expect(() => r.routable(d(r, 'alert.get'))).toThrow(expect.objectContaining({ code: 'NO_PROVIDER', message: 'No plugin provides alert.get' }))
  })
})

describe('CapabilityRegistry output validation', () => {
  it('rejects an invalid output with PLUGIN_ERROR naming the plugin and the bad path', async () => {
    const r = registry({ validateOutput: true })
    r.register('sloppy', { 'alert.get': async () => ({ alert: { ...alert('a1'), startsAt: 42 } }) })
    const error = await rejection(r.route(d(r, 'alert.get'), { id: 'a1' }, {}), 'PLUGIN_ERROR')
    expect(error.details).toMatchObject({ plugin: 'sloppy', capability: 'alert.get' })
    expect(error.message).toContain('alert.startsAt')
  })

  it('passes the same output through unchecked when validation is off', async () => {
    const r = registry()
    const bad = { alert: { ...alert('a1'), startsAt: 42 } }
    r.register('sloppy', { 'alert.get': async () => bad })
    expect(await r.route(d(r, 'alert.get'), { id: 'a1' }, {})).toBe(bad)
  })
})

describe('CapabilityRegistry aggregate routing', () => {
  it('merges concat outputs, tagging items with their source, and counts each source', async () => {
    const r = registry({ validateOutput: true })
    r.register('a', { 'alert.list': async () => ({ alerts: [alert('a1'), alert('a2')] }) })
    r.register('b', { 'alert.list': async () => ({ alerts: [alert('b1', { source: 'upstream' })] }) })
    const result = (await r.route(d(r, 'alert.list'), { limit: 100 }, {})) as { alerts: Array<{ id: string; source?: string }>; sources: Array<{ plugin: string; count?: number }>; partial: boolean }
    expect(result.alerts.map((a) => [a.id, a.source])).toEqual([
      ['a1', 'a'],
      ['a2', 'a'],
      ['b1', 'upstream'],
    ])
    expect(result.sources.map((s) => [s.plugin, s.count])).toEqual([
      ['a', 2],
      ['b', 1],
    ])
    expect(result.partial).toBe(false)
  })

  it('rethrows CANCELLED instead of reporting a partial result when the caller aborted', async () => {
    const r = registry()
    r.register('a', { 'alert.list': () => new Promise(() => {}) })
    r.register('b', { 'alert.list': async () => ({ alerts: [] }) })
    const controller = new AbortController()
    const pending = r.route(d(r, 'alert.list'), { limit: 100 }, { signal: controller.signal })
    setTimeout(() => controller.abort(), 10)
    await rejection(pending, 'CANCELLED')
  })
})
