import { createCapstan, type CapstanOptions } from 'capstan'
import { describe, expect, it } from 'vitest'
import { rejection } from '@capstan/test-support/async'
import { fakePlugin } from '../support/fake-plugin.js'

async function configError(options: unknown) {
  return rejection(createCapstan(options as CapstanOptions), 'CONFIG_ERROR')
}

describe('createCapstan option checks', () => {
  it('rejects something that is not a plugin, naming its index', async () => {
    const error = await configError({ plugins: [{}] })
    expect(error.details.field).toBe('plugins[0]')
    expect(error.message).toContain('plugins[0]')
  })

  it('rejects a negative cache TTL, naming the option', async () => {
    const error = await configError({ cache: { inventoryTtlMs: -1 } })
    expect(error.details.field).toBe('cache.inventoryTtlMs')
    expect(error.message).toContain('cache.inventoryTtlMs')
  })

  it('rejects a non-positive plugin timeout in a wiring', async () => {
    const error = await configError({ plugins: [{ plugin: fakePlugin('a').plugin, timeoutMs: 0 }] })
    expect(error.details.field).toBe('plugins[0].timeoutMs')
  })

  it('rejects two plugins with one name, naming the second and the name, before initialising any', async () => {
    let initialised = 0
    const init = async () => {
      initialised++
    }
    const error = await configError({ plugins: [fakePlugin('cmdb', { init }).plugin, fakePlugin('cmdb', { init }).plugin] })
    expect(error.details).toMatchObject({ field: 'plugins[1]', plugin: 'cmdb' })
    expect(error.message).toContain('cmdb')
    expect(initialised).toBe(0)
  })

  it('rejects a logger that is not pino-compatible', async () => {
    const error = await configError({ logger: { info: () => {} } })
    expect(error.details.field).toBe('logger')
  })

  it('rejects an unknown option, naming it', async () => {
    const error = await configError({ plugin: [] })
    expect(error.message).toContain('plugin')
    expect(error.details.field).toBe('plugin')
  })

  it('rejects a plugin whose metadata is invalid as a CONFIG_ERROR naming the field', async () => {
    const error = await configError({ plugins: [fakePlugin('Not A Valid Name').plugin] })
    expect(error.message).toContain('plugins[0]')
    expect(error.message).toContain('name')
  })

  it('accepts the documented options', async () => {
    const capstan = await createCapstan({ plugins: [], cache: { inventoryTtlMs: 1000, factsTtlMs: 1000, maxEntries: 10 }, initTimeoutMs: 100, providerTimeoutMs: 100, validateOutput: true })
    expect(capstan.plugins()).toEqual([])
    await capstan.close()
  })

  it('takes every option given as undefined as left out, defaults included', async () => {
    const source = fakePlugin('cmdb', { nodes: [{ id: 'web01' }] })
    const capstan = await createCapstan({
      plugins: [{ plugin: source.plugin, priority: undefined, timeoutMs: undefined, config: undefined, concurrency: undefined }],
      policy: undefined,
      cache: { inventoryTtlMs: undefined, factsTtlMs: undefined, maxEntries: undefined },
      logger: undefined,
      initTimeoutMs: undefined,
      startRetry: { retries: undefined, minDelayMs: undefined, maxDelayMs: undefined, factor: undefined, jitter: undefined },
      strict: undefined,
      providerTimeoutMs: undefined,
      callTimeoutMs: undefined,
      healthCacheMs: undefined,
      validateOutput: undefined,
      concurrency: undefined,
      maxQueuedNodes: undefined,
      maxStoredOutputBytes: undefined,
      killGraceMs: undefined,
      executionStore: undefined,
      executionStoreTimeoutMs: undefined,
    })
    try {
      expect(capstan.plugins().map((p) => [p.name, p.priority])).toEqual([['cmdb', 0]])
      await capstan.inventory.list()
      // The inventory cache's default lifetime (30 s) applies: a second list is served from it.
      await capstan.inventory.list()
      expect(source.log.count('inventory.list')).toBe(1)
    } finally {
      await capstan.close()
    }
  })
})
