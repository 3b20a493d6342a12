import type { FactValues, NodeFacts } from '../../capabilities/models/facts.js'
import type { InvokeOptions } from '../../registry/invoke-options.js'
import type { ReadOptions } from '../read-options.js'

/** `capstan.facts`: a node's facts from the highest-priority provider that knows it, cached per node. */
export interface FactsFacade {
  /**
   * Facts of a node (`info.facts`). `{ all: true }` asks every provider and
   * merges their facts (each keeps its source); `{ plugin }` asks one.
   *
   * @typeParam F - The type of the result's `facts`: {@link FactValues}
   * (`Record<string, unknown>`) by default; pass {@link WellKnownFacts} (or
   * your own) to read `facts.os?.family` typed. Not checked at run time.
   * @param node - Node id, name or alias; the cache is keyed by the node's canonical id.
   * @param options - Invoke options and `refresh`.
   */
  get<F extends object = FactValues>(node: string, options?: ReadOptions): Promise<NodeFacts<F>>
  /**
   * Drops the node's cached facts and gathers them again (`info.refresh`).
   *
   * @typeParam F - The type of the result's `facts`, as for {@link FactsFacade.get}.
   * @param node - Node id, name or alias.
   * @param options - Invoke options.
   */
  refresh<F extends object = FactValues>(node: string, options?: InvokeOptions): Promise<NodeFacts<F>>
}
