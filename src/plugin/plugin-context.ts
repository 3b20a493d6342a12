import type { Logger } from '../capabilities/provider-context.js'
import type { FactsCache } from '../facts/facts-cache.js'
import type { InventoryCache } from '../inventory/inventory-cache.js'
import type { MetricsSink } from '../metrics/metrics-sink.js'

/**
 * Everything the host hands a plugin at initialisation. A plugin keeps no
 * globals: logger, caches, metrics and its shutdown signal come from here.
 */
export interface PluginContext {
  /** Logger bound to the plugin's name. */
  logger: Logger
  /** The plugin's own options as the host was given them (already validated by its factory). */
  config: Readonly<Record<string, unknown>>
  /** Aborted when the host closes or initialisation times out. */
  signal: AbortSignal
  /** The host's caches, shared by every plugin of this Capstan instance. */
  caches: { inventory: InventoryCache; facts: FactsCache }
  /** Where a plugin records its own metrics. */
  metrics: MetricsSink
  /** Version of the core package the plugin runs in. */
  coreVersion: string
  /**
   * How long a process stopped by a cancel or timeout gets between SIGTERM
   * and SIGKILL, in ms: the host's `killGraceMs`. Execution plugins pass it
   * to `runProcess` unless their own options say otherwise.
   */
  killGraceMs: number
}
