import type { QueueStats } from '../../execution/queue/queue-stats.js'

/** `capstan.queue`: the execution queue shared by every execution of this instance. */
export interface QueueFacade {
  /** Nodes running, waiting and completed, globally and per plugin. */
  stats(): QueueStats
  /**
   * Changes how many nodes run at once across all executions; waiting nodes start at once when it grows.
   *
   * @param nodes - An integer >= 1.
   * @throws CapstanError CONFIG_ERROR (field `concurrency`) for anything else.
   */
  setConcurrency(nodes: number): void
}
