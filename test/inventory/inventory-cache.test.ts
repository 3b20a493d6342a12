import { describe, expect, it, vi } from 'vitest'
import { InventoryCache } from '../../src/inventory/inventory-cache.js'

describe('InventoryCache', () => {
  it('keys by capability and input, ignoring key order and the refresh flag', () => {
    expect(InventoryCache.key('inventory.filter', { groups: ['web'], names: ['a'], refresh: true })).toBe(
      InventoryCache.key('inventory.filter', { names: ['a'], groups: ['web'] }),
    )
    expect(InventoryCache.key('inventory.list', {})).not.toBe(InventoryCache.key('inventory.groups', {}))
    expect(InventoryCache.key('inventory.get', { node: 'a' })).not.toBe(InventoryCache.key('inventory.get', { node: 'b' }))
  })

  it('caches per call, and refresh loads again', async () => {
    const cache = new InventoryCache({ ttlMs: 30_000, max: 10 })
    const load = vi.fn(async () => ({ nodes: [] as string[] }))
    const first = await cache.getCall('inventory.list', { refresh: false }, load)
    expect(await cache.getCall('inventory.list', {}, load)).toBe(first)
    await cache.getCall('inventory.list', { refresh: true }, load, { refresh: true })
    expect(load).toHaveBeenCalledTimes(2)
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 2, loads: 2, size: 1 })
  })
})
