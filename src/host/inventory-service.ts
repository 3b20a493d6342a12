import type { CapabilityDescriptor } from '../capabilities/capability.js'
import type { Node, NodeGroup } from '../capabilities/models/node.js'
import type { NodeFilter, TargetSpec } from '../capabilities/models/target.js'
import { isCapstanError } from '../errors/capstan-error.js'
import { InventoryCache } from '../inventory/inventory-cache.js'
import { matchesFilter } from '../inventory/match-node.js'
import { resolveTargets } from '../inventory/resolve-targets.js'
import type { CapabilityRegistry } from '../registry/capability-registry.js'
import type { InvokeOptions } from '../registry/invoke-options.js'

type Aggregated = Record<string, unknown> & { partial: boolean }

/**
 * Inventory as the host serves it: aggregated across sources, cached (a
 * partial answer is never cached, so a failed source is asked again next
 * time), filtered after linking, and used to resolve target specs.
 */
export class InventoryService {
  readonly #registry: CapabilityRegistry
  readonly #cache: InventoryCache

  constructor(registry: CapabilityRegistry, cache: InventoryCache) {
    this.#registry = registry
    this.#cache = cache
  }

  /** Serves an `inventory.*` capability from the cache or the sources. */
  async serve(descriptor: CapabilityDescriptor, input: Record<string, unknown>, options: InvokeOptions): Promise<Aggregated> {
    const { refresh, ...query } = input
    const key = InventoryCache.key(`${descriptor.id}@${options.plugin ?? '*'}`, query)
    const load = async () => (await this.#registry.route(descriptor, input, options)) as Aggregated
    const result = (await this.#cache.get(key, load, { refresh: refresh === true, ...(options.signal === undefined ? {} : { signal: options.signal }) })) as Aggregated
    if (result.partial) this.#cache.invalidate(key)
    if (descriptor.id !== 'inventory.filter') return result
    const filter = query as NodeFilter
    return { ...result, nodes: (result.nodes as Node[]).filter((node) => matchesFilter(node, filter)) }
  }

  /** Every linked node and group, for target resolution (no RBAC: the host's own read). */
  async snapshot(signal?: AbortSignal): Promise<{ nodes: Node[]; groups: NodeGroup[] }> {
    const options: InvokeOptions = signal === undefined ? {} : { signal }
    const [list, groups] = await Promise.all([
      this.#optional('inventory.list', options, { nodes: [] as Node[] }),
      this.#optional('inventory.groups', options, { groups: [] as NodeGroup[] }),
    ])
    return { nodes: list.nodes, groups: groups.groups }
  }

  /** Resolves a target spec to linked nodes; names that match nothing are returned as `unmatched`. */
  async resolve(spec: TargetSpec, signal?: AbortSignal): Promise<{ nodes: Node[]; unmatched: string[] }> {
    const { nodes, groups } = await this.snapshot(signal)
    return resolveTargets(spec, nodes, groups)
  }

  /** The linked node a name (id, name or alias) refers to, if any source knows it. */
  async lookup(name: string, signal?: AbortSignal): Promise<Node | undefined> {
    const { nodes } = await this.resolve([name], signal)
    return nodes.length === 1 ? nodes[0] : undefined
  }

  #optional<T>(id: string, options: InvokeOptions, empty: T): Promise<T> {
    const descriptor = this.#registry.descriptor(id)
    if (this.#registry.providers(id).length === 0) return Promise.resolve(empty)
    return this.serve(descriptor, { refresh: false }, options).catch((error: unknown) => {
      if (isCapstanError(error, 'UNAVAILABLE')) return empty
      throw error
    }) as Promise<T>
  }
}
