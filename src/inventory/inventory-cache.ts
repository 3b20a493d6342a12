import { cacheKey } from '../cache/cache-key.js'
import { TtlCache, type Loader, type TtlCacheGetOptions } from '../cache/ttl-cache.js'

/**
 * Caches the merged answers of inventory capabilities, one entry per
 * capability and input. Answers of different capabilities have different
 * shapes, so values are typed per call.
 *
 * @example
 * ```ts
 * const cache = new InventoryCache({ ttlMs: 30_000, max: 100 })
 * const nodes = await cache.getCall('inventory.list', input, (signal) => listAll(signal), { refresh: input.refresh })
 * ```
 */
export class InventoryCache extends TtlCache<string, unknown> {
  /**
   * The key of one call: the capability id and its input. `refresh` is left
   * out because it says how to read the cache, not what to read.
   */
  static key(capability: string, input: unknown): string {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) return cacheKey(capability, input)
    const { refresh: _refresh, ...query } = input as Record<string, unknown>
    return cacheKey(capability, query)
  }

  /** The cached answer of `capability` for `input`, or what `load` produces. */
  getCall<T>(capability: string, input: unknown, load: Loader<T>, options?: TtlCacheGetOptions): Promise<T> {
    // The key includes the capability, whose answer always has type T, so the entry read back is the T stored.
    return this.get(InventoryCache.key(capability, input), load, options) as Promise<T>
  }
}
