import type { CapabilityDescriptor } from '../capabilities/capability.js'
import { inventoryCapabilities } from '../capabilities/inventory.js'
import type { Node, NodeGroup } from '../capabilities/models/node.js'
import type { NodeFilter, TargetSpec } from '../capabilities/models/target.js'
import { isCapstanError, type CapstanError } from '../errors/capstan-error.js'
import { InventoryCache } from '../inventory/inventory-cache.js'
import { linkNodes } from '../inventory/link-nodes.js'
import { nodeMatcher } from '../inventory/match-node.js'
import { identityKey } from '../inventory/identity-key.js'
import { nameIndex, resolveTargets, type NameIndex, type ResolveOptions } from '../inventory/resolve-targets.js'
import type { CapabilityRegistry } from '../registry/capability-registry.js'
import { CALL_CONTEXT, callContextOf, type ContextualOptions } from '../registry/call-context.js'
import type { InvokeOptions } from '../registry/invoke-options.js'
import { pluginUnavailable } from '../registry/unavailable-provider.js'

type Aggregated = Record<string, unknown> & { partial: boolean }

/**
 * Inventory as the host serves it: aggregated across sources, cached (a
 * partial answer is never cached, so a failed source is asked again next
 * time), filtered after linking, and used to resolve target specs.
 */
export class InventoryService {
  readonly #registry: CapabilityRegistry
  readonly #cache: InventoryCache
  /** Keyed by the cached node list itself, so an index lives exactly as long as its list. */
  readonly #indexes = new WeakMap<readonly Node[], NameIndex>()

  constructor(registry: CapabilityRegistry, cache: InventoryCache) {
    this.#registry = registry
    this.#cache = cache
  }

  /**
   * Serves a capability the descriptor says the inventory cache serves
   * (`served: { cache: 'inventory' }`), from the cache or the sources. With
   * `then: 'find-node'` (`inventory.get`) the node is looked up in the linked
   * list, so it is found by any name any source knows it by, with every
   * source's data; with `then: 'filter'` the linked nodes are filtered by the input.
   */
  async serve(descriptor: CapabilityDescriptor, input: Record<string, unknown>, options: InvokeOptions): Promise<Aggregated> {
    const then = descriptor.served?.cache === 'inventory' ? descriptor.served.then : undefined
    if (then === 'find-node') return this.#get(descriptor, String(input.node), input.refresh === true, options)
    const { refresh, ...query } = input
    const key = InventoryCache.key(`${descriptor.id}@${options.plugin ?? '*'}`, query)
    // Shared by concurrent callers: it runs on the cache's signal, which aborts only when all of them gave up.
    const load = async (signal: AbortSignal) => (await this.#registry.route(descriptor, input, { ...options, signal })) as Aggregated
    const result = (await this.#cache.get(key, load, { refresh: refresh === true, ...(options.signal === undefined ? {} : { signal: options.signal }) })) as Aggregated
    if (result.partial) this.#cache.invalidate(key)
    if (then !== 'filter') return result
    // Compiled once for the call (globs, regular expressions), not once per node.
    const matches = nodeMatcher(query as NodeFilter)
    return { ...result, nodes: (result.nodes as Node[]).filter((node) => matches(node)) }
  }

  async #get(descriptor: CapabilityDescriptor, name: string, refresh: boolean, options: InvokeOptions): Promise<Aggregated> {
    const source = descriptor.derivedFrom?.capability ?? inventoryCapabilities.list.id
    const listing = await this.serve(this.#registry.descriptor(source), { refresh }, options)
    const { nodes: found } = resolveTargets([name], listing.nodes as Node[], [])
    const listed = found.find((n) => n.id.toLowerCase() === name.toLowerCase()) ?? found[0]
    // Sources that look a node up but do not list (a lister's answer is in the listing already): ask them by name, and link their answers with what the listing knows.
    const listers = new Set(this.#registry.providers(source).map((p) => p.plugin))
    const getOnly = this.#registry.providers(descriptor.id).map((p) => p.plugin).filter((plugin) => !listers.has(plugin))
    if (getOnly.length === 0) return { node: listed ?? null, sources: listing.sources, partial: listing.partial }
    const asked = await this.#registry
      .route(descriptor, { node: name, refresh }, options, { plugins: getOnly })
      .then((result) => result as Aggregated)
      .catch((error: unknown): Aggregated => {
        // Every get-only source failed: that makes the answer partial, not an error, while the listing answered.
        if (isCapstanError(error, 'UNAVAILABLE') && Array.isArray(error.details.sources)) return { node: null, sources: error.details.sources, partial: true }
        throw error
      })
    const records = [
      ...Object.entries(listed?.sourceData ?? {}).map(([source, node]) => ({ source, node })),
      ...Object.entries((asked.node as Node | null)?.sourceData ?? {}).map(([source, node]) => ({ source, node })),
    ]
    const sources = [...(listing.sources as unknown[]), ...(asked.sources as unknown[])]
    return { node: linkNodes(records)[0] ?? null, sources, partial: listing.partial || asked.partial }
  }

  /**
   * The PLUGIN_UNAVAILABLE errors of inventory sources that failed to start:
   * a name that matches no node may be one of theirs.
   */
  unavailableSources(): CapstanError[] {
    const list = inventoryCapabilities.list.id
    return this.#registry.unavailable(list).map((p) => pluginUnavailable(p, list))
  }

  /** Every linked node and group, for target resolution (no RBAC: the host's own read). */
  async snapshot(call: InvokeOptions = {}): Promise<{ nodes: Node[]; groups: NodeGroup[] }> {
    // Only the call's signal and context: the host reads the whole inventory, whatever plugin or principal the call named.
    const { signal } = call
    const context = callContextOf(call)
    const options: ContextualOptions = { ...(signal === undefined ? {} : { signal }), ...(context === undefined ? {} : { [CALL_CONTEXT]: context }) }
    const [list, groups] = await Promise.all([
      this.#optional(inventoryCapabilities.list.id, options, { nodes: [] as Node[] }),
      this.#optional(inventoryCapabilities.groups.id, options, { groups: [] as NodeGroup[] }),
    ])
    return { nodes: list.nodes, groups: groups.groups }
  }

  /**
   * Resolves a target spec to linked nodes; names that match nothing are
   * returned as `unmatched`. With `within`, only the nodes it accepts exist
   * for the resolution (see {@link ResolveOptions.within}).
   */
  async resolve(spec: TargetSpec, call: InvokeOptions = {}, within?: (node: Node) => boolean): Promise<{ nodes: Node[]; unmatched: string[] }> {
    const { nodes, groups } = await this.snapshot(call)
    return resolveTargets(spec, nodes, groups, { index: () => this.#nameIndex(nodes), ...(within === undefined ? {} : { within }) })
  }

  /** The name index of a (cached) node list, built once per list. */
  #nameIndex(nodes: readonly Node[]): NameIndex {
    let index = this.#indexes.get(nodes)
    if (index === undefined) {
      index = nameIndex(nodes)
      this.#indexes.set(nodes, index)
    }
    return index
  }

  /**
   * The linked node a name (id, name or alias, never a group or glob)
   * refers to, if any source knows it by that name and exactly one node does.
   */
  async lookup(name: string, call: InvokeOptions = {}): Promise<Node | undefined> {
    const { nodes } = await this.snapshot(call)
    const key = identityKey(name)
    const positions = key === undefined ? [] : (this.#nameIndex(nodes).get(key) ?? [])
    return positions.length === 1 ? nodes[positions[0] as number] : undefined
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
