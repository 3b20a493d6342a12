import { Capstan, CapstanError, type HostEvents, type PluginWiring, type ProviderContext } from 'capstan'
import { createTestCapstan, RecordingLogger } from 'capstan/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { never, rejection, sleep } from '@capstan/test-support/async'
import { fakePlugin, type FakePlugin } from '../support/fake-plugin.js'

type PluginStateEvent = Parameters<HostEvents['plugin:state']>[0]

/** Three plugins that fail differently: init throws, provider never answers, healthy. */
function threePlugins() {
  const stuckContexts: ProviderContext[] = []
  const broken = fakePlugin('broken', {
    nodes: [{ id: 'b1.example.com' }],
    init: async () => {
      throw new Error('cannot reach the CMDB at cmdb.internal')
    },
  })
  const stuck = fakePlugin('stuck', {
    capabilities: {
      'inventory.list': (_input, ctx) => {
        stuckContexts.push(ctx)
        return never()
      },
    },
  })
  const healthy = fakePlugin('healthy', { nodes: [{ id: 'web01.example.com' }, { id: 'web02.example.com' }] })
  const wiring: PluginWiring[] = [{ plugin: broken.plugin }, { plugin: stuck.plugin, timeoutMs: 50 }, { plugin: healthy.plugin }]
  return { broken, stuck, healthy, stuckContexts, wiring }
}

describe('one plugin fails to initialise, one times out, one keeps serving', () => {
  let setup: ReturnType<typeof threePlugins>
  let capstan: Awaited<ReturnType<typeof createTestCapstan>>

  beforeAll(async () => {
    setup = threePlugins()
    capstan = await createTestCapstan({ plugins: setup.wiring })
  })
  afterAll(() => capstan.close())

  it('reports each plugin state; the failed one with its error and no routed capabilities', () => {
    const byName = Object.fromEntries(capstan.plugins().map((p) => [p.name, p]))
    expect(byName.healthy?.state).toBe('ready')
    expect(byName.stuck?.state).toBe('ready')
    expect(byName.broken?.state).toBe('failed')
    expect(byName.broken?.error?.code).toBe('PLUGIN_ERROR')
    expect(byName.broken?.error?.message).toContain('cannot reach the CMDB')
    expect(byName.broken?.capabilities).toEqual([])
    expect(byName.stuck?.capabilities).toEqual(['inventory.list'])
  })

  it('lists the healthy source, names the timed-out one and the one that failed to start, and never calls the failed one', async () => {
    const started = performance.now()
    const result = await capstan.inventory.list()
    expect(performance.now() - started).toBeLessThan(1000)
    expect(result.nodes.map((n) => n.id)).toEqual(['web01.example.com', 'web02.example.com'])
    expect(result.partial).toBe(true)
    const sources = Object.fromEntries(result.sources.map((s) => [s.plugin, s]))
    expect(Object.keys(sources).sort()).toEqual(['broken', 'healthy', 'stuck'])
    expect(sources.broken).toMatchObject({ ok: false, durationMs: 0, error: { code: 'PLUGIN_UNAVAILABLE', cause: { code: 'PLUGIN_ERROR' } } })
    expect(sources.broken?.error?.message).toContain('cannot reach the CMDB')
    expect(sources.healthy).toMatchObject({ ok: true, count: 2 })
    expect(sources.stuck?.ok).toBe(false)
    expect(sources.stuck?.error?.code).toBe('TIMEOUT')
    expect(sources.stuck?.error?.message).toContain('stuck')
    expect(sources.stuck?.error?.message).toContain('50 ms')
    expect(sources.stuck?.durationMs).toBeGreaterThanOrEqual(40)
    expect(setup.broken.log.count()).toBe(0)
  })

  it('aborts the signal of the provider that timed out', async () => {
    await capstan.inventory.list({ refresh: true })
    const last = setup.stuckContexts.at(-1)
    expect(last?.signal.aborted).toBe(true)
    expect((last?.signal.reason as { code?: string }).code).toBe('TIMEOUT')
  })

  it('does not route to the failed plugin; asked for it by name, says it failed to start', async () => {
    const providers = capstan.capabilities().find((c) => c.id === 'inventory.list')?.providers.map((p) => p.plugin)
    expect(providers?.sort()).toEqual(['healthy', 'stuck'])
    const error = await rejection(capstan.inventory.list({}, { plugin: 'broken' }), 'PLUGIN_UNAVAILABLE')
    expect(error.details).toMatchObject({ capability: 'inventory.list', plugin: 'broken' })
    expect(setup.broken.log.count()).toBe(0)
  })

  it('shows the failed plugin unhealthy with its message, and the host degraded', async () => {
    const health = await capstan.health()
    expect(health.status).toBe('degraded')
    expect(health.plugins.broken).toMatchObject({ status: 'unhealthy', state: 'failed' })
    expect(health.plugins.broken?.message).toContain('cannot reach the CMDB')
    expect(health.plugins.healthy).toMatchObject({ status: 'healthy', state: 'ready' })
  })

  it('logs the initialisation failure with the plugin name', () => {
    const record = capstan.logger.records.find((r) => r.level === 'error' && (r.obj as { plugin?: string }).plugin === 'broken')
    expect(record).toBeDefined()
    expect(record?.msg).toContain('initialise')
  })
})

describe('plugin:state events', () => {
  it('are emitted for every transition, with the error of a failed plugin', async () => {
    const setup = threePlugins()
    const capstan = new Capstan({ validateOutput: true, logger: new RecordingLogger() })
    const events: PluginStateEvent[] = []
    capstan.on('plugin:state', (event) => events.push(event))
    await capstan.start(setup.wiring)
    const of = (plugin: string) => events.filter((e) => e.plugin === plugin).map((e) => e.state)
    expect(of('broken')).toEqual(['initializing', 'failed'])
    expect(of('healthy')).toEqual(['initializing', 'ready'])
    expect(events.find((e) => e.plugin === 'broken' && e.state === 'failed')?.error).toMatchObject({ code: 'PLUGIN_ERROR', message: expect.stringContaining('cannot reach the CMDB') })
    expect(events.find((e) => e.plugin === 'healthy' && e.state === 'ready')?.error).toBeUndefined()
    await capstan.close()
    expect(of('healthy')).toEqual(['initializing', 'ready', 'disposed'])
  })
})

describe('initialisation timeout', () => {
  it('fails a plugin whose init hangs past initTimeoutMs with TIMEOUT, aborts its signal, and starts the others', async () => {
    let initSignal: AbortSignal | undefined
    const hanging = fakePlugin('hanging', {
      nodes: [{ id: 'h1.example.com' }],
      init: (context) => {
        initSignal = context.signal
        return never()
      },
    })
    const healthy = fakePlugin('healthy', { nodes: [{ id: 'web01.example.com' }] })
    const started = performance.now()
    await using capstan = await createTestCapstan({ plugins: [hanging.plugin, healthy.plugin], initTimeoutMs: 50 })
    expect(performance.now() - started).toBeLessThan(1000)
    const byName = Object.fromEntries(capstan.plugins().map((p) => [p.name, p]))
    expect(byName.hanging?.state).toBe('failed')
    expect(byName.hanging?.error?.code).toBe('TIMEOUT')
    expect(byName.hanging?.error?.message).toContain('50 ms')
    expect(byName.healthy?.state).toBe('ready')
    expect(initSignal?.aborted).toBe(true)
    const result = await capstan.inventory.list()
    expect(result.nodes.map((n) => n.id)).toEqual(['web01.example.com'])
    expect(result.partial).toBe(true)
    expect(result.sources.map((s) => [s.plugin, s.ok])).toEqual([
      ['hanging', false],
      ['healthy', true],
    ])
    expect((await capstan.health()).plugins.hanging).toMatchObject({ status: 'unhealthy', details: { code: 'TIMEOUT' } })
  })

  it('initialises plugins in parallel, not one after another', async () => {
    const slow = (name: string): FakePlugin => fakePlugin(name, { nodes: [], init: () => sleep(120) })
    const started = performance.now()
    await using capstan = await createTestCapstan({ plugins: [slow('one').plugin, slow('two').plugin] })
    expect(performance.now() - started).toBeLessThan(230)
    expect(capstan.plugins().map((p) => p.state)).toEqual(['ready', 'ready'])
  })

  it('keeps the code of a CapstanError thrown by init', async () => {
    const down = fakePlugin('down', {
      nodes: [],
      init: async () => {
        throw new CapstanError('UNAVAILABLE', { message: 'backend down' })
      },
    })
    await using capstan = await createTestCapstan({ plugins: [down.plugin] })
    expect(capstan.plugins()[0]?.error).toEqual({ code: 'UNAVAILABLE', message: 'backend down' })
    const health = await capstan.health()
    expect(health.status).toBe('unhealthy')
  })
})
