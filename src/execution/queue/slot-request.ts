/** What `ExecutionQueue.acquire` waits for: `weight` slots for one plugin, taken together. */
export interface SlotRequest {
  /** The plugin whose nodes run; its own limit applies besides the global one. */
  plugin: string
  /** Nodes in this batch (an integer >= 1); all are granted at once or none. */
  weight: number
  /** Higher is served first; equal priorities are first in, first out. Default 0. */
  priority?: number
  /** Aborting removes the request while it waits; a request already granted is not affected. */
  signal?: AbortSignal
  /**
   * Called once, synchronously inside `acquire`, with the nodes queued ahead of
   * this request: 0 when it was granted at once. Feeds the `queued {position}` event.
   */
  onPosition?: (nodesAhead: number) => void
}
