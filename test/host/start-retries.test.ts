import { Capstan, CapstanError, createCapstan, type CapstanOptions, type HostEvents, type PluginContext } from 'capstan'
import { createTestCapstan, RecordingLogger } from 'capstan/testing'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { deferred, never, rejection, resolved } from '@capstan/test-support/async'
import { fakePlugin, type FakePluginSpec } from '../support/fake-plugin.js'

type RetryEvent = Parameters<HostEvents['plugin:retry']>[0]
type StateEvent = Parameters<HostEvents['plugin:state']>[0]

const refused = () => new CapstanError('UNAVAILABLE', { message: 'connect ECONNREFUSED 127.0.0.1:8090', details: { reason: 'ECONNREFUSED' } })

/**
 * A fake plugin whose init fails while `down()` is true (with `error()`), and
 * starts once it is false. `contexts` keeps every context it was given.
 */
function backend(name: string, spec: FakePluginSpec & { error?: () => unknown } = {}) {
  const state = { down: true, inits: 0 }
  const contexts: PluginContext[] = []
  const { error = refused, ...rest } = spec
  const fake = fakePlugin(name, {
    nodes: [{ id: `${name}01.example.com` }],
    ...rest,
    init: async (context) => {
      state.inits++
      contexts.push(context)
      if (state.down) throw error()
    },
  })
  return { ...fake, state, contexts }
}

/** A Capstan started by hand, so listeners see the events of the first start. */
async function startHost(options: CapstanOptions & { plugins: NonNullable<CapstanOptions['plugins']> }) {
  const logger = new RecordingLogger()
  const capstan = new Capstan({ validateOutput: true, logger, ...options })
  const retries: RetryEvent[] = []
  const states: StateEvent[] = []
  capstan.on('plugin:retry', (e) => retries.push(e))
  capstan.on('plugin:state', (e) => states.push(e))
  await capstan.start(options.plugins.map((plugin) => ('metadata' in plugin ? { plugin } : plugin)))
  return { capstan, retries, states, logger }
}

describe('background retries of a transient start failure (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  it('waits min, 2×min, ... capped by maxDelayMs between attempts, and serves as soon as the plugin starts', async () => {
    const pdb = backend('pdb')
    const local = fakePlugin('local', { nodes: [{ id: 'web01.example.com' }] })
    const { capstan, retries, states } = await startHost({ plugins: [local.plugin, pdb.plugin], startRetry: { minDelayMs: 100, maxDelayMs: 300, retries: 10, jitter: 'none' } })
    try {
      expect(pdb.state.inits).toBe(1)
      const info = capstan.plugins().find((p) => p.name === 'pdb')
      expect(info).toMatchObject({ state: 'failed', startFailure: 'transient', startAttempts: 1, nextStartAttempt: { attempt: 2, maxAttempts: 11, delayMs: 100 } })
      // While a retry is scheduled, the call says so, and trying again later can help.
      const error = await rejection(capstan.inventory.list({}, { plugin: 'pdb' }), 'PLUGIN_UNAVAILABLE')
      expect(error.retryable).toBe(true)
      expect(error.details).toMatchObject({ transient: true, nextAttemptAt: info?.nextStartAttempt?.at })
      expect(error.details.hint).toMatch(/^Start or fix the backend: Capstan tries again in the background \(attempt 2 of 11 at .+\), or call capstan\.restartPlugin\('pdb'\) to try now\.$/)
      const partial = await capstan.inventory.list()
      expect(partial.partial).toBe(true)

      await vi.advanceTimersByTimeAsync(99)
      expect(pdb.state.inits).toBe(1)
      await vi.advanceTimersByTimeAsync(1)
      expect(pdb.state.inits).toBe(2)
      await vi.advanceTimersByTimeAsync(199)
      expect(pdb.state.inits).toBe(2)
      await vi.advanceTimersByTimeAsync(1)
      expect(pdb.state.inits).toBe(3)
      // 400 is capped at 300.
      pdb.state.down = false
      await vi.advanceTimersByTimeAsync(299)
      expect(pdb.state.inits).toBe(3)
      await vi.advanceTimersByTimeAsync(1)
      expect(pdb.state.inits).toBe(4)

      expect(retries.map((r) => [r.plugin, r.attempt, r.delayMs, r.error.code])).toEqual([
        ['pdb', 2, 100, 'UNAVAILABLE'],
        ['pdb', 3, 200, 'UNAVAILABLE'],
        ['pdb', 4, 300, 'UNAVAILABLE'],
      ])
      expect(states.filter((s) => s.plugin === 'pdb').map((s) => s.state)).toEqual(['initializing', 'failed', 'initializing', 'failed', 'initializing', 'failed', 'initializing', 'ready'])
      expect(states.filter((s) => s.state === 'failed').every((s) => s.error?.code === 'UNAVAILABLE')).toBe(true)

      const served = await resolved(capstan.inventory.list())
      expect(served.partial).toBe(false)
      expect(served.nodes.map((n) => n.id).sort()).toEqual(['pdb01.example.com', 'web01.example.com'])
      expect(capstan.plugins().find((p) => p.name === 'pdb')).toMatchObject({ state: 'ready', startAttempts: 4, capabilities: ['inventory.list'] })
      expect(capstan.plugins().find((p) => p.name === 'pdb')?.nextStartAttempt).toBeUndefined()
      expect((await capstan.health()).plugins.pdb).toMatchObject({ status: 'healthy', state: 'ready' })
      expect(vi.getTimerCount()).toBe(0)
    } finally {
      await capstan.close()
    }
  })

  it('spreads each delay between minDelayMs and the ceiling (full jitter)', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    const pdb = backend('pdb')
    const { capstan, retries } = await startHost({ plugins: [pdb.plugin], startRetry: { minDelayMs: 100, maxDelayMs: 10_000, retries: 3 } })
    try {
      await vi.advanceTimersByTimeAsync(100 + 150 + 250)
      // Ceilings 100, 200, 400: halfway between 100 and each.
      expect(retries.map((r) => r.delayMs)).toEqual([100, 150, 250])
    } finally {
      await capstan.close()
    }
  })

  it('health reports the failure with its next attempt, then the start', async () => {
    const pdb = backend('pdb')
    const { capstan } = await startHost({ plugins: [pdb.plugin], startRetry: { minDelayMs: 100, maxDelayMs: 100, retries: 5, jitter: 'none' } })
    try {
      const before = (await capstan.health()).plugins.pdb
      expect(before).toMatchObject({ status: 'unhealthy', state: 'failed', message: 'connect ECONNREFUSED 127.0.0.1:8090', details: { code: 'UNAVAILABLE', transient: true, startAttempts: 1 } })
      expect(typeof before?.details.nextAttemptAt).toBe('string')
      pdb.state.down = false
      await vi.advanceTimersByTimeAsync(100)
      expect((await capstan.health()).plugins.pdb).toMatchObject({ status: 'healthy', state: 'ready' })
    } finally {
      await capstan.close()
    }
  })

  it('is bounded: after `retries` attempts it stops, leaves no timer and says to restart', async () => {
    const pdb = backend('pdb')
    const { capstan, retries, logger } = await startHost({ plugins: [pdb.plugin], startRetry: { minDelayMs: 100, maxDelayMs: 100, retries: 2, jitter: 'none' } })
    try {
      await vi.advanceTimersByTimeAsync(10_000)
      expect(pdb.state.inits).toBe(3)
      expect(retries).toHaveLength(2)
      expect(vi.getTimerCount()).toBe(0)
      const info = capstan.plugins()[0]
      expect(info).toMatchObject({ state: 'failed', startFailure: 'transient', startAttempts: 3 })
      expect(info?.nextStartAttempt).toBeUndefined()
      const error = await rejection(capstan.inventory.list(), 'PLUGIN_UNAVAILABLE')
      expect(error.retryable).toBe(false)
      expect(error.details.hint).toBe(`Start or fix the backend, then call capstan.restartPlugin('pdb').`)
      expect(logger.records.filter((r) => r.level === 'warn' && /retries exhausted/.test(r.msg ?? '')).map((r) => r.obj)).toEqual([{ plugin: 'pdb', attempts: 3 }])
    } finally {
      await capstan.close()
    }
  })

  it('close() cancels a pending retry: no timer is left and the plugin is never initialised again', async () => {
    const pdb = backend('pdb')
    const { capstan } = await startHost({ plugins: [pdb.plugin], startRetry: { minDelayMs: 1_000, maxDelayMs: 1_000, retries: 5 } })
    expect(vi.getTimerCount()).toBe(1)
    await capstan.close()
    expect(vi.getTimerCount()).toBe(0)
    pdb.state.down = false
    await vi.advanceTimersByTimeAsync(60_000)
    expect(pdb.state.inits).toBe(1)
    expect(capstan.plugins()[0]?.state).toBe('disposed')
  })

  it('a permanent failure is not retried, and each call says why', async () => {
    const yaml = () => new CapstanError('CONFIG_ERROR', { message: 'Invalid inventory file inventory.yaml: YAML syntax error at line 4', details: { field: 'inventoryFile' } })
    const broken = backend('broken', { error: yaml })
    const { capstan, retries } = await startHost({ plugins: [broken.plugin], startRetry: { minDelayMs: 10, retries: 5 } })
    try {
      expect(vi.getTimerCount()).toBe(0)
      await vi.advanceTimersByTimeAsync(600_000)
      expect(broken.state.inits).toBe(1)
      expect(retries).toEqual([])
      expect(capstan.plugins()[0]).toMatchObject({ state: 'failed', startFailure: 'permanent' })
      expect(capstan.plugins()[0]?.nextStartAttempt).toBeUndefined()
      for (let i = 0; i < 2; i++) {
        const error = await rejection(capstan.inventory.list(), 'PLUGIN_UNAVAILABLE')
        expect(error.message).toContain('YAML syntax error at line 4')
        expect((error.cause as CapstanError).code).toBe('CONFIG_ERROR')
      }
    } finally {
      await capstan.close()
    }
  })

  it('startRetry: false turns background retries off', async () => {
    const pdb = backend('pdb')
    const { capstan, retries } = await startHost({ plugins: [pdb.plugin], startRetry: false })
    try {
      expect(vi.getTimerCount()).toBe(0)
      await vi.advanceTimersByTimeAsync(600_000)
      expect(pdb.state.inits).toBe(1)
      expect(retries).toEqual([])
    } finally {
      await capstan.close()
    }
  })

  it('an init that hangs past initTimeoutMs fails with TIMEOUT, is retried, and the same instance starts', async () => {
    let first = true
    const slow = fakePlugin('slow', {
      nodes: [{ id: 'slow01.example.com' }],
      init: async () => {
        if (first) {
          first = false
          return never()
        }
      },
    })
    const { capstan, states } = await startHostWithTimers(() => startHost({ plugins: [slow.plugin], initTimeoutMs: 50, startRetry: { minDelayMs: 100, maxDelayMs: 100, jitter: 'none' } }), 50)
    try {
      expect(capstan.plugins()[0]).toMatchObject({ state: 'failed', startFailure: 'transient', error: { code: 'TIMEOUT' } })
      await vi.advanceTimersByTimeAsync(100)
      expect(capstan.plugins()[0]?.state).toBe('ready')
      expect(slow.plugin.state).toBe('ready')
      expect(states.map((s) => s.state)).toEqual(['initializing', 'failed', 'initializing', 'ready'])
    } finally {
      await capstan.close()
    }
  })
})

/** Starts a host whose first init needs the fake clock to move (an init timeout). */
async function startHostWithTimers<T>(start: () => Promise<T>, advanceMs: number): Promise<T> {
  const started = start()
  await vi.advanceTimersByTimeAsync(advanceMs)
  return started
}

describe('a retried start (real timers, short delays)', () => {
  it('gives each attempt a fresh context signal; the failed attempt\'s is aborted', async () => {
    const pdb = backend('pdb')
    const { capstan } = await startHost({ plugins: [pdb.plugin], startRetry: { minDelayMs: 5, maxDelayMs: 5 } })
    try {
      pdb.state.down = false
      await vi.waitFor(() => expect(capstan.plugins()[0]?.state).toBe('ready'))
      expect(pdb.contexts).toHaveLength(2)
      expect(pdb.contexts[0]?.signal.aborted).toBe(true)
      expect((pdb.contexts[0]?.signal.reason as CapstanError).code).toBe('UNAVAILABLE')
      expect(pdb.contexts[1]?.signal.aborted).toBe(false)
    } finally {
      await capstan.close()
    }
    expect(pdb.contexts[1]?.signal.aborted).toBe(true)
  })

  it('a facts provider that starts late takes over from the one that answered meanwhile (the facts cache is dropped)', async () => {
    const top = backend('top', { integrationTypes: ['facts'], facts: { web01: { os: 'debian' } } })
    const lower = fakePlugin('lower', { integrationTypes: ['facts'], facts: { web01: { os: 'unknown' } } })
    await using capstan = await createTestCapstan({ plugins: [{ plugin: top.plugin, priority: 10 }, lower.plugin], startRetry: { minDelayMs: 20, maxDelayMs: 20 } })
    expect((await capstan.facts.get('web01')).source).toBe('lower')
    top.state.down = false
    await vi.waitFor(() => expect(capstan.plugins()[0]?.state).toBe('ready'))
    expect(await capstan.facts.get('web01')).toMatchObject({ source: 'top', facts: { os: 'debian' } })
  })

  it('close() while an attempt is in progress ends it and never routes the plugin', async () => {
    const gate = deferred()
    let attempts = 0
    const slow = fakePlugin('slow', {
      nodes: [{ id: 'slow01.example.com' }],
      init: async () => {
        attempts++
        if (attempts === 1) throw refused()
        await gate.promise
      },
    })
    const { capstan } = await startHost({ plugins: [slow.plugin], startRetry: { minDelayMs: 5, maxDelayMs: 5 } })
    await vi.waitFor(() => expect(capstan.plugins()[0]?.state).toBe('initializing'))
    await capstan.close()
    gate.resolve()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(capstan.plugins()[0]?.state).toBe('disposed')
    expect(capstan.capabilities().find((c) => c.id === 'inventory.list')?.providers).toEqual([])
  })
})

describe('restartPlugin', () => {
  it('starts a plugin whose permanent failure was fixed, and routes it', async () => {
    const broken = backend('broken', { error: () => new CapstanError('CONFIG_ERROR', { message: 'bad option', details: { field: 'url' } }) })
    const { capstan, states } = await startHost({ plugins: [broken.plugin] })
    try {
      await rejection(capstan.inventory.list(), 'PLUGIN_UNAVAILABLE')
      broken.state.down = false
      const info = await capstan.restartPlugin('broken')
      expect(info).toMatchObject({ name: 'broken', state: 'ready', startAttempts: 2, capabilities: ['inventory.list'] })
      expect(info.error).toBeUndefined()
      expect((await capstan.inventory.list()).nodes.map((n) => n.id)).toEqual(['broken01.example.com'])
      expect(states.map((s) => s.state)).toEqual(['initializing', 'failed', 'initializing', 'ready'])
    } finally {
      await capstan.close()
    }
  })

  it('resolves with the failed state when it fails again', async () => {
    const broken = backend('broken', { error: () => new CapstanError('CONFIG_ERROR', { message: 'still bad' }) })
    const { capstan } = await startHost({ plugins: [broken.plugin] })
    try {
      const info = await capstan.restartPlugin('broken')
      expect(info).toMatchObject({ state: 'failed', startFailure: 'permanent', startAttempts: 2, error: { code: 'CONFIG_ERROR', message: 'still bad' } })
    } finally {
      await capstan.close()
    }
  })

  it('tries at once instead of waiting for the pending retry, and starts a fresh round on a transient failure', async () => {
    const pdb = backend('pdb')
    const { capstan, retries } = await startHost({ plugins: [pdb.plugin], startRetry: { minDelayMs: 60_000, maxDelayMs: 60_000 } })
    try {
      const info = await capstan.restartPlugin('pdb')
      expect(pdb.state.inits).toBe(2)
      expect(info).toMatchObject({ state: 'failed', startFailure: 'transient', nextStartAttempt: { attempt: 2 } })
      expect(retries.map((r) => r.attempt)).toEqual([2, 2])
      pdb.state.down = false
      expect((await capstan.restartPlugin('pdb')).state).toBe('ready')
    } finally {
      await capstan.close()
    }
  })

  it('leaves a ready plugin as it is', async () => {
    const ok = backend('ok')
    ok.state.down = false
    await using capstan = await createTestCapstan({ plugins: [ok.plugin] })
    expect(await capstan.restartPlugin('ok')).toMatchObject({ state: 'ready', startAttempts: 1 })
    expect(ok.state.inits).toBe(1)
  })

  it('an unknown name is NOT_FOUND with the field and a suggestion', async () => {
    const pdb = backend('puppetdb')
    await using capstan = await createTestCapstan({ plugins: [pdb.plugin], startRetry: false })
    const error = await rejection(capstan.restartPlugin('pupetdb'), 'NOT_FOUND')
    expect(error.message).toBe('No plugin is named "pupetdb" (did you mean "puppetdb"?); wired: puppetdb')
    expect(error.details).toMatchObject({ field: 'name', plugin: 'pupetdb', suggestion: 'puppetdb', plugins: ['puppetdb'] })
  })

  it('is refused once the host is closed', async () => {
    const pdb = backend('pdb')
    const capstan = await createTestCapstan({ plugins: [pdb.plugin], startRetry: false })
    await capstan.close()
    await rejection(capstan.restartPlugin('pdb'), 'UNAVAILABLE')
    expect(pdb.state.inits).toBe(1)
  })
})

describe('createCapstan({ strict: true })', () => {
  it('rejects naming every plugin that failed and its error, and closes what started', async () => {
    let disposed = 0
    const ok = fakePlugin('ok', {
      nodes: [],
      dispose: async () => {
        disposed++
      },
    })
    const down = backend('down')
    const yaml = backend('yaml', { error: () => new CapstanError('CONFIG_ERROR', { message: 'YAML syntax error at line 4' }) })
    const error = await rejection(createCapstan({ plugins: [ok.plugin, down.plugin, yaml.plugin], strict: true }), 'PLUGIN_UNAVAILABLE')
    expect(error.message).toBe('2 plugins failed to start, and strict is set: down (UNAVAILABLE: connect ECONNREFUSED 127.0.0.1:8090); yaml (CONFIG_ERROR: YAML syntax error at line 4)')
    expect(error.details.plugins).toEqual([
      { plugin: 'down', code: 'UNAVAILABLE', message: 'connect ECONNREFUSED 127.0.0.1:8090', transient: true },
      { plugin: 'yaml', code: 'CONFIG_ERROR', message: 'YAML syntax error at line 4', transient: false },
    ])
    expect(error.cause).toBeInstanceOf(AggregateError)
    expect((error.cause as AggregateError).errors.map((e: CapstanError) => e.code)).toEqual(['UNAVAILABLE', 'CONFIG_ERROR'])
    expect(error.retryable).toBe(false)
    expect(disposed).toBe(1)
    // Nothing is retried behind the rejection.
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    expect(down.state.inits).toBe(1)
  })

  it('with one failure, its error is the cause', async () => {
    const yaml = backend('yaml', { error: () => new CapstanError('CONFIG_ERROR', { message: 'YAML syntax error at line 4' }) })
    const error = await rejection(createCapstan({ plugins: [yaml.plugin], strict: true }), 'PLUGIN_UNAVAILABLE')
    expect(error.message).toBe('A plugin failed to start, and strict is set: yaml (CONFIG_ERROR: YAML syntax error at line 4)')
    expect((error.cause as CapstanError).message).toBe('YAML syntax error at line 4')
  })

  it('resolves when every plugin starts; the default stays tolerant', async () => {
    const ok = backend('ok')
    ok.state.down = false
    const strict = await createCapstan({ plugins: [ok.plugin], strict: true })
    await strict.close()
    const tolerant = await createCapstan({ plugins: [backend('down').plugin], startRetry: false })
    expect(tolerant.plugins()[0]?.state).toBe('failed')
    await tolerant.close()
  })
})

describe('startRetry options', () => {
  it.each([
    [{ minDelayMs: 500, maxDelayMs: 100 }, 'startRetry.minDelayMs'],
    [{ retries: -1 }, 'startRetry.retries'],
    [{ factor: 0.5 }, 'startRetry.factor'],
    [{ retry: 3 }, 'startRetry'],
  ])('refuses %j with CONFIG_ERROR naming the field', async (startRetry, field) => {
    const error = await rejection(createCapstan({ startRetry: startRetry as CapstanOptions['startRetry'] }), 'CONFIG_ERROR')
    expect(JSON.stringify(error.details)).toContain(field.split('.').at(-1))
    expect(error.message).toContain('startRetry')
  })

  it('refuses a minDelayMs above the default maxDelayMs', async () => {
    const error = await rejection(createCapstan({ startRetry: { minDelayMs: 120_000 } }), 'CONFIG_ERROR')
    expect(error.message).toContain('minDelayMs')
  })
})
