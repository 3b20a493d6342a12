/** One plugin's share of {@link QueueStats}. */
export interface PluginQueueStats {
  /** Nodes of this plugin holding slots. */
  running: number
  /** Nodes of this plugin waiting. */
  queued: number
  /** The plugin's own limit; absent when only the global limit applies. */
  limit?: number | undefined
}

/** A snapshot of an `ExecutionQueue`, counted in nodes. */
export interface QueueStats {
  /** Nodes holding slots now. May exceed `concurrency` after it was lowered or for a batch larger than it. */
  running: number
  /** Nodes waiting for slots. */
  queued: number
  /** Nodes whose lease was released since the queue was created. */
  completed: number
  /** The global limit of nodes in flight. */
  concurrency: number
  /** Plugins with a limit, running or queued nodes; an idle plugin without a limit is left out. */
  perPlugin: Record<string, PluginQueueStats>
}
