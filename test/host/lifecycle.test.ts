import { BasePlugin, createCapstan, type CapabilityHandlers, type HealthCheckOutcome, type PluginContext } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { rejection } from '@capstan/test-support/async'
import { fakePlugin } from '../support/fake-plugin.js'
import { cmdbSource } from '../support/two-sources.js'

function disposable(name: string, onDispose: () => Promise<void> = async () => {}) {
  let disposed = 0
  let context: PluginContext | undefined
  const plugin = fakePlugin(name, {
    nodes: [{ id: `${name}.example.com` }],
    init: async (ctx) => {
      context = ctx
    },
    dispose: async () => {
      disposed++
      await onDispose()
    },
  })
  return { ...plugin, disposed: () => disposed, context: () => context }
}

describe('close()', () => {
  it('disposes every plugin once, even when called twice', async () => {
    const a = disposable('alpha')
    const b = disposable('beta')
    const capstan = await createTestCapstan({ plugins: [a.plugin, b.plugin] })
    await Promise.all([capstan.close(), capstan.close()])
    await capstan.close()
    expect(a.disposed()).toBe(1)
    expect(b.disposed()).toBe(1)
    expect(capstan.plugins().map((p) => p.state)).toEqual(['disposed', 'disposed'])
  })

  it('rejects further invocations with UNAVAILABLE and calls no plugin', async () => {
    const a = disposable('alpha')
    const capstan = await createTestCapstan({ plugins: [a.plugin] })
    await capstan.close()
    const error = await rejection(capstan.inventory.list(), 'UNAVAILABLE')
    expect(error.message).toContain('closed')
    await rejection(capstan.invoke('alert.list', {}), 'UNAVAILABLE')
    expect(a.log.count()).toBe(0)
  })

  it('aborts the signal each plugin got in its context', async () => {
    const a = disposable('alpha')
    const capstan = await createTestCapstan({ plugins: [a.plugin] })
    expect(a.context()?.signal.aborted).toBe(false)
    await capstan.close()
    expect(a.context()?.signal.aborted).toBe(true)
  })

  it('disposes the other plugins when one dispose throws, and logs the failure', async () => {
    const bad = disposable('bad', async () => {
      throw new Error('socket already closed')
    })
    const good = disposable('good')
    const capstan = await createTestCapstan({ plugins: [bad.plugin, good.plugin] })
    await capstan.close()
    expect(good.disposed()).toBe(1)
    expect(capstan.logger.records.some((r) => r.level === 'error' && (r.obj as { plugin?: string }).plugin === 'bad')).toBe(true)
  })

  it('also disposes a plugin that failed to initialise', async () => {
    let disposed = 0
    const failing = fakePlugin('failing', {
      nodes: [],
      init: async () => {
        throw new Error('nope')
      },
      dispose: async () => {
        disposed++
      },
    })
    const capstan = await createTestCapstan({ plugins: [failing.plugin] })
    await capstan.close()
    expect(capstan.plugins()[0]?.state).toBe('disposed')
    expect(disposed).toBe(1)
  })

  it('runs at the end of an `await using` scope', async () => {
    const a = disposable('alpha')
    {
      await using capstan = await createTestCapstan({ plugins: [a.plugin] })
      expect(capstan.plugins()[0]?.state).toBe('ready')
    }
    expect(a.disposed()).toBe(1)
  })
})

describe('plugin context', () => {
  it('hands each plugin its config, a child logger bound to its name, and the host caches', async () => {
    const a = disposable('alpha')
    const capstan = await createTestCapstan({ plugins: [{ plugin: a.plugin, config: { url: 'https://cmdb.example.com' } }] })
    const context = a.context()
    expect(context?.config).toEqual({ url: 'https://cmdb.example.com' })
    context?.logger.info({ hello: 1 }, 'from the plugin')
    expect(capstan.logger.records.find((r) => r.msg === 'from the plugin')?.bindings).toMatchObject({ plugin: 'alpha' })
    context?.metrics.increment('alpha_calls', 2)
    expect(capstan.metrics().counters.alpha_calls).toBe(2)
    expect(typeof context?.coreVersion).toBe('string')
    await capstan.close()
  })
})

/** A plugin with the default 10 s health cache whose health flips on demand. */
class FlippingPlugin extends BasePlugin {
  readonly metadata = { name: 'flipping', version: '1.0.0', integrationTypes: ['inventory' as const] }
  status: 'healthy' | 'unhealthy' = 'healthy'
  checks = 0
  capabilities(): CapabilityHandlers {
    return { 'inventory.list': async () => ({ nodes: [] }) }
  }
  protected async performInitialization(): Promise<void> {}
  protected override async performHealthCheck(): Promise<HealthCheckOutcome> {
    this.checks++
    return { status: this.status, message: this.status }
  }
}

describe('health()', () => {
  it('is healthy when every plugin is, and rechecks with refresh: true', async () => {
    const plugin = new FlippingPlugin()
    await using capstan = await createCapstan({ plugins: [plugin] })
    expect((await capstan.health()).status).toBe('healthy')
    plugin.status = 'unhealthy'
    const refreshed = await capstan.health({ refresh: true })
    expect(refreshed.status).toBe('unhealthy')
    expect(refreshed.plugins.flipping).toMatchObject({ status: 'unhealthy', state: 'ready', message: 'unhealthy' })
  })

  it('honours the host option healthCacheMs', async () => {
    const plugin = new FlippingPlugin()
    await using capstan = await createCapstan({ plugins: [plugin], healthCacheMs: 0 })
    await capstan.health()
    plugin.status = 'unhealthy'
    expect((await capstan.health()).status).toBe('unhealthy')
    expect(plugin.checks).toBe(2)
  })

  it('is healthy with no plugins at all', async () => {
    await using capstan = await createCapstan()
    expect(await capstan.health()).toEqual({ status: 'healthy', plugins: {}, executionStore: { status: 'healthy', failures: 0 } })
  })
})

describe('a plugin that declares a capability the catalog does not know', () => {
  it('fails to start with CONFIG_ERROR naming the id, and none of its capabilities are routed', async () => {
    const typo = fakePlugin('typo', {
      nodes: [{ id: 'typo01.example.com' }],
      capabilities: { 'inventory.lst': async () => ({ nodes: [] }) } as unknown as CapabilityHandlers,
    })
    await using capstan = await createTestCapstan({ plugins: [typo.plugin, cmdbSource().plugin] })
    const info = capstan.plugins().find((p) => p.name === 'typo')
    expect(info?.state).toBe('failed')
    expect(info?.error?.code).toBe('CONFIG_ERROR')
    expect(info?.error?.message).toContain('inventory.lst')
    expect(capstan.capabilities().find((c) => c.id === 'inventory.list')?.providers.map((p) => p.plugin)).toEqual(['cmdb'])
    const result = await capstan.inventory.list()
    expect(result.sources.map((s) => [s.plugin, s.ok, s.error?.code])).toEqual([
      ['typo', false, 'PLUGIN_UNAVAILABLE'],
      ['cmdb', true, undefined],
    ])
    expect(typo.log.count()).toBe(0)
  })
})
