import { capabilityCatalog, type HostEvents } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { rejection } from '@capstan/test-support/async'
import { alert, fakePlugin } from '../support/fake-plugin.js'
import { cmdbSource } from '../support/two-sources.js'

type InvocationEvent = Parameters<HostEvents['invocation']>[0]

describe('capabilities()', () => {
  it('lists all 39 capabilities with JSON Schemas and their providers by priority', async () => {
    const low = fakePlugin('low', { nodes: [], facts: {} })
    const high = fakePlugin('high', { facts: {} })
    await using capstan = await createTestCapstan({ plugins: [low.plugin, { plugin: high.plugin, priority: 7 }] })
    const infos = capstan.capabilities()
    expect(infos).toHaveLength(39)
    expect(infos.map((c) => c.id)).toEqual(capabilityCatalog.map((d) => d.id))
    for (const info of infos) {
      expect(info.inputSchema.type, info.id).toBe('object')
      expect(info.outputSchema.type, info.id).toBe('object')
      expect(['query', 'action', 'stream']).toContain(info.kind)
      expect(info.permission).toBe(info.id)
      expect(JSON.parse(JSON.stringify(info))).toEqual(info)
    }
    const byId = Object.fromEntries(infos.map((c) => [c.id, c]))
    expect(byId['info.facts']?.providers).toEqual([
      { plugin: 'high', priority: 7 },
      { plugin: 'low', priority: 0 },
    ])
    // Derived from info.facts and inventory.list.
    expect(byId['info.refresh']?.providers.map((p) => p.plugin)).toEqual(['high', 'low'])
    expect(byId['inventory.filter']?.providers.map((p) => p.plugin)).toEqual(['low'])
    expect(byId['command.execute']?.providers).toEqual([])
    expect(byId['inventory.list']?.resultSchema?.type).toBe('object')
    expect(Object.keys((byId['inventory.list']?.resultSchema?.properties ?? {}) as object)).toEqual(expect.arrayContaining(['nodes', 'sources', 'partial']))
    expect(byId['command.execute']?.inputSchema.required).toEqual(['targets', 'command'])
    expect(byId['command.execute']?.routing).toEqual({ mode: 'targeted', execution: true })
  })
})

describe('metrics()', () => {
  it('counts invocations and errors per capability with latency percentiles', async () => {
    let calls = 0
    const alerts = fakePlugin('alerts', {
      integrationTypes: ['alerts'],
      capabilities: {
        'alert.get': async (input) => {
          calls++
          if (calls === 3) throw new Error('flaky')
          return { alert: alert(input.id) }
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [alerts.plugin, cmdbSource().plugin] })
    for (let i = 0; i < 5; i++) await capstan.alerts.get({ id: `a${i}` }).catch(() => undefined)
    await capstan.inventory.list()
    await rejection(capstan.invokeUnchecked('alert.get', { id: 7 }), 'VALIDATION_ERROR')
    const snapshot = capstan.metrics()
    const get = snapshot.capabilities['alert.get']
    expect(get).toMatchObject({ count: 6, errors: 2 })
    for (const p of [get?.p50, get?.p95, get?.p99]) {
      expect(typeof p).toBe('number')
      expect(Number.isFinite(p)).toBe(true)
      expect(p).toBeGreaterThanOrEqual(0)
    }
    expect(get!.p50).toBeLessThanOrEqual(get!.p95)
    expect(get!.p95).toBeLessThanOrEqual(get!.p99)
    expect(snapshot.capabilities['inventory.list']).toMatchObject({ count: 1, errors: 0 })
    expect(snapshot.capabilities['alert.list']).toBeUndefined()
  })

  it('counts unknown capabilities under one key, so typos cannot grow the metrics without bound', async () => {
    await using capstan = await createTestCapstan()
    await rejection(capstan.invokeUnchecked('inventory.lst', {}), 'UNKNOWN_CAPABILITY')
    await rejection(capstan.invokeUnchecked('inventory.lsx', {}), 'UNKNOWN_CAPABILITY')
    expect(capstan.metrics().capabilities['(unknown)']).toMatchObject({ count: 2, errors: 2 })
    expect(capstan.metrics().capabilities['inventory.lst']).toBeUndefined()
  })
})

describe('invocation events', () => {
  it('are emitted for every invocation with duration, outcome and error code', async () => {
    await using capstan = await createTestCapstan({ plugins: [cmdbSource().plugin] })
    const events: InvocationEvent[] = []
    capstan.on('invocation', (event) => events.push(event))
    await capstan.inventory.list()
    await rejection(capstan.invoke('alert.list', {}), 'NO_PROVIDER')
    await rejection(capstan.invokeUnchecked('inventory.lst', {}), 'UNKNOWN_CAPABILITY')
    expect(events.map((e) => [e.capability, e.ok, e.code])).toEqual([
      ['inventory.list', true, undefined],
      ['alert.list', false, 'NO_PROVIDER'],
      ['(unknown)', false, 'UNKNOWN_CAPABILITY'],
    ])
    for (const e of events) expect(e.durationMs).toBeGreaterThanOrEqual(0)
  })
})
