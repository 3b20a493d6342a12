import type { Facts } from '../../capabilities/models/facts.js'
import type { InvokeOptions } from '../../registry/invoke-options.js'
import type { ReadOptions } from '../read-options.js'

/** `capstan.facts`: a node's facts from the highest-priority provider that knows it, cached per node. */
export interface FactsFacade {
  /**
   * Facts of a node (`info.facts`). `{ all: true }` asks every provider and
   * merges their facts (each keeps its source); `{ plugin }` asks one.
   *
   * @param node - Node id, name or alias; the cache is keyed by the node's canonical id.
   * @param options - Invoke options and `refresh`.
   */
  get(node: string, options?: ReadOptions): Promise<Facts>
  /**
   * Drops the node's cached facts and gathers them again (`info.refresh`).
   *
   * @param node - Node id, name or alias.
   * @param options - Invoke options.
   */
  refresh(node: string, options?: InvokeOptions): Promise<Facts>
}
