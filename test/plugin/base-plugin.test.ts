import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Logger } from '../../src/capabilities/provider-context.js'
import { CapstanError } from '../../src/errors/capstan-error.js'
import { BasePlugin, type BasePluginOptions } from '../../src/plugin/base-plugin.js'
import { CORE_VERSION } from '../../src/plugin/core-version.js'
import type { HealthCheckOutcome } from '../../src/plugin/health.js'
import type { PluginContext } from '../../src/plugin/plugin-context.js'
import type { PluginState } from '../../src/plugin/plugin-state.js'

/** Only what BasePlugin touches is real; the caches are never used by these tests. */
function testContext(): PluginContext {
  const logger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => logger }
  return {
    logger,
    config: {},
    signal: new AbortController().signal,
    caches: {} as PluginContext['caches'],
    metrics: { increment() {}, observe() {} },
    coreVersion: CORE_VERSION,
    killGraceMs: 5000,
  }
}

/** A plugin whose steps are controlled by the test. */
class ProbePlugin extends BasePlugin {
  readonly metadata = { name: 'probe', version: '1.0.0', integrationTypes: ['inventory' as const] }
  stateDuringInit: PluginState | undefined
  initFailure: unknown
  healthOutcome: HealthCheckOutcome | Error = {}
  healthChecks = 0
  disposals = 0

  constructor(options?: BasePluginOptions) {
    super(options)
  }

  capabilities() {
    return {
      'inventory.list': async () => ({ nodes: [{ id: 'web01' }] }),
      'inventory.get': async () => ({ node: null }),
    }
  }

  protected async performInitialization(): Promise<void> {
    this.stateDuringInit = this.state
    // The context is available from initialisation on.
    expect(this.context.coreVersion).toBe(CORE_VERSION)
    if (this.initFailure !== undefined) throw this.initFailure
  }

  protected override async performHealthCheck(): Promise<HealthCheckOutcome> {
    this.healthChecks++
    if (this.healthOutcome instanceof Error) throw this.healthOutcome
    return this.healthOutcome
  }

  protected override async performDispose(): Promise<void> {
    this.disposals++
  }

  /** Exposes the protected context getter for the test. */
  readContext(): PluginContext {
    return this.context
  }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('BasePlugin lifecycle', () => {
  it('goes created → initializing → ready', async () => {
    const plugin = new ProbePlugin()
    expect(plugin.state).toBe('created')
    await plugin.initialize(testContext())
    expect(plugin.stateDuringInit).toBe('initializing')
    expect(plugin.state).toBe('ready')
    expect(plugin.initializationError).toBeUndefined()
  })

  it('refuses the context before initialisation', () => {
    const error = (() => {
      try {
        new ProbePlugin().readContext()
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(CapstanError)
    expect((error as CapstanError).code).toBe('PLUGIN_ERROR')
  })

  it('moves to failed and keeps the error, wrapped as PLUGIN_ERROR with the original as cause', async () => {
    const plugin = new ProbePlugin()
    const original = new Error('backend refused')
    plugin.initFailure = original
    const thrown: unknown = await plugin.initialize(testContext()).catch((e: unknown) => e)
    expect(plugin.state).toBe('failed')
    expect(thrown).toBe(plugin.initializationError)
    expect(plugin.initializationError).toMatchObject({ code: 'PLUGIN_ERROR', message: 'Plugin probe failed to initialise: backend refused' })
    expect(plugin.initializationError?.cause).toBe(original)
  })

  it('keeps a CapstanError thrown by initialisation as it is', async () => {
    const plugin = new ProbePlugin()
    const original = new CapstanError('UNAVAILABLE', { message: 'PuppetDB is down' })
    plugin.initFailure = original
    await expect(plugin.initialize(testContext())).rejects.toBe(original)
    expect(plugin.initializationError).toBe(original)
  })

  it('rejects a second initialisation of a ready plugin', async () => {
    const ready = new ProbePlugin()
    await ready.initialize(testContext())
    await expect(ready.initialize(testContext())).rejects.toMatchObject({ code: 'PLUGIN_ERROR', details: { plugin: 'probe', state: 'ready' } })
    expect(ready.state).toBe('ready')
  })

  it('initialises again after a failure (a retried start), with the new context, and forgets the old error', async () => {
    const plugin = new ProbePlugin()
    plugin.initFailure = new CapstanError('UNAVAILABLE', { message: 'PuppetDB is down' })
    await plugin.initialize(testContext()).catch(() => {})
    expect(plugin.state).toBe('failed')
    plugin.initFailure = undefined
    await plugin.initialize(testContext())
    expect(plugin.stateDuringInit).toBe('initializing')
    expect(plugin.state).toBe('ready')
    expect(plugin.initializationError).toBeUndefined()
    expect((await plugin.healthCheck()).status).toBe('healthy')
  })

  it('initialises again after an attempt the host gave up on (its signal aborted); the old attempt settling later changes nothing', async () => {
    let release: (() => void) | undefined
    class Stuck extends ProbePlugin {
      calls = 0
      protected override async performInitialization(): Promise<void> {
        this.calls++
        if (this.calls > 1) return
        await new Promise<void>((resolve) => (release = resolve))
        throw new Error('late failure of the abandoned attempt')
      }
    }
    const plugin = new Stuck()
    const abandoned = new AbortController()
    const first = plugin.initialize({ ...testContext(), signal: abandoned.signal }).catch((e: unknown) => e)
    // Still initialising and not abandoned: refused.
    await expect(plugin.initialize(testContext())).rejects.toMatchObject({ details: { state: 'initializing' } })
    abandoned.abort()
    await plugin.initialize(testContext())
    expect(plugin.state).toBe('ready')
    release?.()
    expect(await first).toBeInstanceOf(CapstanError)
    expect(plugin.state).toBe('ready')
    expect(plugin.initializationError).toBeUndefined()
  })

  it('refuses to initialise once disposed', async () => {
    const plugin = new ProbePlugin()
    await plugin.dispose()
    await expect(plugin.initialize(testContext())).rejects.toMatchObject({ details: { state: 'disposed' } })
  })
})

describe('BasePlugin health', () => {
  it('reports healthy with every capability working by default', async () => {
    const plugin = new ProbePlugin()
    await plugin.initialize(testContext())
    const health = await plugin.healthCheck()
    expect(health).toMatchObject({ status: 'healthy', workingCapabilities: ['inventory.list', 'inventory.get'], failingCapabilities: [] })
    expect(Number.isNaN(Date.parse(health.checkedAt))).toBe(false)
  })

  it('reports degraded when some capabilities fail', async () => {
    const plugin = new ProbePlugin()
    await plugin.initialize(testContext())
    plugin.healthOutcome = { failingCapabilities: ['inventory.get'], message: 'get is slow' }
    expect(await plugin.healthCheck()).toMatchObject({
      status: 'degraded',
      message: 'get is slow',
      workingCapabilities: ['inventory.list'],
      failingCapabilities: ['inventory.get'],
    })
  })

  it('reuses a result for healthCacheMs, then checks again; refresh bypasses the cache', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2025-01-01T00:00:00Z'))
    const plugin = new ProbePlugin({ healthCacheMs: 1_000 })
    await plugin.initialize(testContext())

    const first = await plugin.healthCheck()
    vi.setSystemTime(new Date('2025-01-01T00:00:00.999Z'))
    expect(await plugin.healthCheck()).toBe(first)
    expect(plugin.healthChecks).toBe(1)

    const refreshed = await plugin.healthCheck({ refresh: true })
    expect(refreshed).not.toBe(first)
    expect(plugin.healthChecks).toBe(2)

    vi.setSystemTime(new Date('2025-01-01T00:00:02Z'))
    const expired = await plugin.healthCheck()
    expect(plugin.healthChecks).toBe(3)
    expect(expired.checkedAt).toBe('2025-01-01T00:00:02.000Z')
  })

  it('reports a throwing check as unhealthy instead of throwing', async () => {
    const plugin = new ProbePlugin()
    await plugin.initialize(testContext())
    plugin.healthOutcome = new Error('connection refused')
    expect(await plugin.healthCheck()).toMatchObject({ status: 'unhealthy', message: 'connection refused', failingCapabilities: ['inventory.list', 'inventory.get'] })
  })

  it('reports a failed plugin as unhealthy with its initialisation error, without running the check', async () => {
    const plugin = new ProbePlugin()
    plugin.initFailure = new Error('bad credentials')
    await plugin.initialize(testContext()).catch(() => {})
    const health = await plugin.healthCheck()
    expect(health).toMatchObject({ status: 'unhealthy', message: 'Plugin probe failed to initialise: bad credentials', workingCapabilities: [] })
    expect(plugin.healthChecks).toBe(0)
  })

  it('reports a plugin that was never initialised as unhealthy', async () => {
    expect(await new ProbePlugin().healthCheck()).toMatchObject({ status: 'unhealthy', message: 'Plugin is created' })
  })
})

describe('BasePlugin dispose', () => {
  it('is idempotent and calls performDispose once', async () => {
    const plugin = new ProbePlugin()
    await plugin.initialize(testContext())
    await plugin.dispose()
    await plugin.dispose()
    expect(plugin.state).toBe('disposed')
    expect(plugin.disposals).toBe(1)
  })

  it('releases a plugin whose initialisation failed', async () => {
    const plugin = new ProbePlugin()
    plugin.initFailure = new Error('half-open connection')
    await plugin.initialize(testContext()).catch(() => {})
    await plugin.dispose()
    expect(plugin.disposals).toBe(1)
  })

  it('skips performDispose for a plugin that never started, and it cannot be initialised afterwards', async () => {
    const plugin = new ProbePlugin()
    await plugin.dispose()
    expect(plugin.state).toBe('disposed')
    expect(plugin.disposals).toBe(0)
    await expect(plugin.initialize(testContext())).rejects.toMatchObject({ code: 'PLUGIN_ERROR', details: { state: 'disposed' } })
  })

  it('reports a disposed plugin as unhealthy', async () => {
    const plugin = new ProbePlugin()
    await plugin.initialize(testContext())
    await plugin.dispose()
    expect(await plugin.healthCheck({ refresh: true })).toMatchObject({ status: 'unhealthy', message: 'Plugin is disposed' })
  })
})
