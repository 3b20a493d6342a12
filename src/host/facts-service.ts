import type { CapabilityDescriptor } from '../capabilities/capability.js'
import type { NodeFacts } from '../capabilities/models/facts.js'
import type { Node } from '../capabilities/models/node.js'
import type { FactsCache } from '../facts/facts-cache.js'
import type { CapabilityRegistry, RoutePlan } from '../registry/capability-registry.js'
import type { InvokeOptions } from '../registry/invoke-options.js'

/**
 * Facts as the host serves them: keyed by the node's canonical id (so
 * `web01` and `web01.example.com` share one entry), cached with
 * single-flight, and refreshed on demand.
 */
export class FactsService {
  readonly #registry: CapabilityRegistry
  readonly #cache: FactsCache

  constructor(registry: CapabilityRegistry, cache: FactsCache) {
    this.#registry = registry
    this.#cache = cache
  }

  /**
   * Serves a capability the descriptor says the facts cache serves
   * (`served: { cache: 'facts' }`: `info.facts`); with `refresh: true`
   * (`info.refresh`) the node's entries are dropped first, then gathered again.
   */
  async serve(descriptor: CapabilityDescriptor, input: Record<string, unknown>, options: InvokeOptions, plan: RoutePlan & { node?: Node }): Promise<NodeFacts> {
    const node = plan.node?.id ?? String(input.node)
    const refreshes = descriptor.served?.cache === 'facts' && descriptor.served.refresh === true
    const refresh = refreshes || input.refresh === true
    if (refreshes) this.#cache.invalidateNode(plan.node ?? node)
    const provider = options.plugin ?? (options.all ? '*all' : '*')
    // The load is shared by every concurrent caller: it runs on the cache's signal, which aborts only when all of them gave up.
    const load = async (signal: AbortSignal) => {
      const facts = (await this.#registry.route(descriptor, input, { ...options, signal }, plan)) as NodeFacts
      return { ...facts, node }
    }
    return this.#cache.getFacts(node, provider, load, { refresh, ...(options.signal === undefined ? {} : { signal: options.signal }) })
  }
}
