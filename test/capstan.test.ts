import { capabilityCatalog, createCapstan, Execution, getCapability, isExecutionCapability, type Capstan, type HostEvents } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { alert, fakePlugin } from './support/fake-plugin.js'
import { minimalInput } from './support/input-samples.js'
import { cmdbSource } from './support/two-sources.js'

/** Facade group → method → the capability id it must invoke. */
const facades: Record<string, Record<string, string>> = {
  inventory: { list: 'inventory.list', get: 'inventory.get', groups: 'inventory.groups', filter: 'inventory.filter' },
  facts: { get: 'info.facts', refresh: 'info.refresh' },
  reports: { list: 'reports.list', get: 'reports.get', query: 'reports.query' },
  events: { list: 'events.list', query: 'events.query', stream: 'events.stream' },
  packages: { install: 'package.install', uninstall: 'package.uninstall', update: 'package.update', list: 'package.list', search: 'package.search' },
  deployments: { execute: 'deploy.execute', status: 'deploy.status', rollback: 'deploy.rollback', history: 'deploy.history' },
  provisioning: { create: 'provision.create', status: 'provision.status', list: 'provision.list', decommission: 'decommission.execute', decommissionStatus: 'decommission.status' },
  alerts: { list: 'alert.list', get: 'alert.get', acknowledge: 'alert.acknowledge', resolve: 'alert.resolve', subscribe: 'alert.subscribe' },
  journal: { list: 'journal.list', get: 'journal.get', add: 'journal.add', stream: 'journal.stream' },
}
const rows = Object.entries(facades).flatMap(([group, methods]) => Object.entries(methods).map(([method, id]) => [group, method, id] as const))

/** Calls a facade method with a valid input for its capability and swallows the outcome. */
async function callFacade(capstan: Capstan, group: string, method: string, id: string): Promise<void> {
  const fn = (capstan as unknown as Record<string, Record<string, (...args: unknown[]) => unknown>>)[group]?.[method]
  if (fn === undefined) throw new Error(`capstan.${group}.${method} does not exist`)
  const input = minimalInput(getCapability(id)!)
  const args = group === 'inventory' && method === 'get' ? [input.node] : group === 'inventory' && method !== 'filter' ? [] : group === 'facts' ? [input.node] : [input]
  const descriptor = getCapability(id)
  // A stream that follows what is new (journal.stream with no provider but the host's) ends when its signal aborts.
  const out = descriptor?.kind === 'stream' ? fn(...args, { signal: AbortSignal.timeout(200) }) : fn(...args)
  if (descriptor !== undefined && isExecutionCapability(descriptor)) {
    await (out as Execution).result.catch(() => undefined)
  } else if (descriptor?.kind === 'stream') {
    await (out as AsyncIterable<unknown>)[Symbol.asyncIterator]().next().catch(() => undefined)
  } else {
    await (out as Promise<unknown>).catch(() => undefined)
  }
}

describe('the typed facade', () => {
  let capstan: Capstan

  beforeAll(async () => {
    capstan = await createCapstan()
  })
  afterAll(() => capstan.close())

  it('covers every capability in the catalog exactly once, except remote execution', () => {
    // command/task/script have their own facades (execute and run): test/execution/execution-engine-*.test.ts.
    const expected = capabilityCatalog.filter((d) => d.type !== 'remote-execution').map((d) => d.id)
    expect(rows.map(([, , id]) => id).sort()).toEqual(expected.sort())
  })

  it.each(rows)('capstan.%s.%s invokes %s', async (group, method, id) => {
    const seen: string[] = []
    const listener: HostEvents['invocation'] = (event) => seen.push(event.capability)
    capstan.on('invocation', listener)
    try {
      await callFacade(capstan, group, method, id)
    } finally {
      capstan.off('invocation', listener)
    }
    expect(seen).toEqual([id])
  })

  it('returns an Execution synchronously for execution capabilities, an async iterable for streams, and a promise otherwise', async () => {
    const install = capstan.packages.install({ targets: 'web01', packages: ['openssl'] })
    expect(install).toBeInstanceOf(Execution)
    await install.result.catch(() => undefined)
    const stream = capstan.alerts.subscribe({})
    expect(typeof (stream as AsyncIterable<unknown>)[Symbol.asyncIterator]).toBe('function')
    expect(stream).not.toBeInstanceOf(Promise)
    const list = capstan.alerts.list({})
    expect(list).toBeInstanceOf(Promise)
    return list.catch(() => undefined)
  })
})

describe('createCapstan', () => {
  it('works with no options: no plugins, silent, healthy; only the journal, which the host serves itself, has a provider', async () => {
    const capstan = await createCapstan()
    expect(capstan.plugins()).toEqual([])
    expect((await capstan.health()).status).toBe('healthy')
    const served = capstan.capabilities().filter((c) => c.providers.length > 0)
    expect(served.map((c) => [c.id, c.providers.map((p) => p.plugin)])).toEqual(['journal.list', 'journal.get', 'journal.add', 'journal.stream'].map((id) => [id, ['host']]))
    await capstan.close()
  })

  it('wires plain plugins and wirings alike, keeping the wiring priority', async () => {
    await using capstan = await createCapstan({ plugins: [cmdbSource().plugin, { plugin: fakePlugin('other', { nodes: [] }).plugin, priority: 4 }] })
    expect(capstan.plugins().map((p) => [p.name, p.priority, p.state])).toEqual([
      ['cmdb', 0, 'ready'],
      ['other', 4, 'ready'],
    ])
  })
})

describe('invoke and the facade agree', () => {
  it('passes the parsed input, with defaults, to the provider', async () => {
    const alerts = fakePlugin('alerts', { integrationTypes: ['alerts'], capabilities: { 'alert.list': async () => ({ alerts: [alert('a1')] }) } })
    await using capstan = await createTestCapstan({ plugins: [alerts.plugin] })
    const viaFacade = await capstan.alerts.list({ severity: 'critical' })
    const viaInvoke = await capstan.invoke('alert.list', { severity: 'critical' })
    expect(alerts.log.of('alert.list').map((c) => c.input)).toEqual([
      { severity: 'critical', limit: 100 },
      { severity: 'critical', limit: 100 },
    ])
    expect(viaFacade.alerts).toEqual(viaInvoke.alerts)
    expect(viaFacade.alerts[0]?.source).toBe('alerts')
    expect(viaFacade.sources).toEqual([expect.objectContaining({ plugin: 'alerts', ok: true, count: 1 })])
  })

  it('treats a missing input as an empty object', async () => {
    await using capstan = await createTestCapstan({ plugins: [cmdbSource().plugin] })
    expect((await capstan.invoke('inventory.list')).nodes.length).toBeGreaterThan(0)
  })

  it('resolves invoke of a stream capability to an async iterable of items', async () => {
    const alerts = fakePlugin('alerts', {
      integrationTypes: ['alerts'],
      capabilities: {
        'alert.subscribe': async function* () {
          yield alert('a1')
          yield alert('a2')
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [alerts.plugin] })
    const iterable = await capstan.invoke('alert.subscribe', {})
    const ids: string[] = []
    for await (const item of iterable) ids.push(item.id)
    expect(ids).toEqual(['a1', 'a2'])
    const viaStream: string[] = []
    for await (const item of capstan.stream('alert.subscribe', {})) viaStream.push(item.id)
    expect(viaStream).toEqual(ids)
  })
})
