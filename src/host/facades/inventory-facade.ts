import type { CallInput, ResultOf } from '../../capabilities/catalog.js'
import type { Node } from '../../capabilities/models/node.js'
import type { ReadOptions } from '../read-options.js'

/**
 * `capstan.inventory`: merged, linked nodes and groups from every inventory
 * source, cached. Every method takes what it reads first and {@link ReadOptions}
 * last; `refresh: true` (in the options, or in the input where the input has it)
 * bypasses the cache.
 */
export interface InventoryFacade {
  /**
   * Every node, linked across sources, with each source's outcome (`inventory.list`).
   * A source that failed is in `sources` with its error and makes the result `partial`.
   *
   * @param input - `{ refresh? }`; may be left out.
   * @param options - Invoke options and `refresh`.
   */
  list(input?: CallInput<'inventory.list'>, options?: ReadOptions): Promise<ResultOf<'inventory.list'>>
  /**
   * One node with the data of every source that knows it, found by id, name or alias (`inventory.get`).
   *
   * @param node - Node id, name or alias.
   * @param options - Invoke options and `refresh`.
   * @throws CapstanError NOT_FOUND when no source knows the node (`details.sources` says which did not answer).
   */
  get(node: string, options?: ReadOptions): Promise<Node>
  /**
   * Every group, merged by name across sources (`inventory.groups`).
   *
   * @param input - `{ refresh? }`; may be left out.
   * @param options - Invoke options and `refresh`.
   */
  groups(input?: CallInput<'inventory.groups'>, options?: ReadOptions): Promise<ResultOf<'inventory.groups'>>
  /**
   * The nodes matching names (globs), groups, sources and fact conditions, all of which must hold (`inventory.filter`).
   *
   * @param filter - `{ names?, groups?, sources?, facts?, refresh? }`.
   * @param options - Invoke options and `refresh`.
   */
  filter(filter?: CallInput<'inventory.filter'>, options?: ReadOptions): Promise<ResultOf<'inventory.filter'>>
}
