import { cacheKey } from '../cache/cache-key.js'
import { TtlCache, type Loader, type TtlCacheGetOptions } from '../cache/ttl-cache.js'
import type { NodeFacts } from '../capabilities/models/facts.js'
import type { Node } from '../capabilities/models/node.js'
import { identityKey } from '../inventory/identity-key.js'

/**
 * Caches facts per node and provider: `plugin` names the provider asked for,
 * or is left out for "whichever provider routing picks" (stored as `*`).
 *
 * @example
 * ```ts
 * const cache = new FactsCache({ ttlMs: 300_000, max: 50_000 })
 * const facts = await cache.getFacts('web01', undefined, (signal) => provider.facts({ node: 'web01' }, signal))
 * cache.invalidateNode(node) // after a change on the node, drop every provider's entry
 * ```
 */
export class FactsCache extends TtlCache<string, NodeFacts> {
  /** The key of a node's facts from `plugin` (or `*`); node names compare case-insensitively. */
  static key(node: string, plugin?: string): string {
    return cacheKey(identityKey(node) ?? node, plugin ?? '*')
  }

  /** The cached facts of `node` from `plugin` (or `*`), or what `load` gathers. */
  getFacts(node: string, plugin: string | undefined, load: Loader<NodeFacts>, options?: TtlCacheGetOptions): Promise<NodeFacts> {
    return this.get(FactsCache.key(node, plugin), load, options)
  }

  /**
   * Drops the facts of a node from every provider, under any name it is
   * known by (a linked node's id, name and aliases). Returns how many entries
   * were dropped.
   */
  invalidateNode(node: Node | string): number {
    const names = typeof node === 'string' ? [node] : [node.id, node.name, ...node.aliases]
    const wanted = new Set(names.map((name) => identityKey(name) ?? name))
    return this.invalidateWhere((key) => wanted.has((JSON.parse(key) as [string, string])[0]))
  }
}
