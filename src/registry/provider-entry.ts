/** A plugin's implementation of one capability, as registered with the host. */
export interface ProviderEntry {
  /** Plugin name. */
  plugin: string
  /** Higher runs first for prioritised capabilities and wins ties elsewhere. */
  priority: number
  /** Registration order, to keep equal priorities stable. */
  order: number
  /** Per-call timeout for this provider, in ms. */
  timeoutMs: number
  /** Transports the plugin executes on; undefined means any. */
  transports?: readonly string[]
  /** The plugin's handler. */
  handler: (input: unknown, ctx: import('../capabilities/provider-context.js').ProviderContext) => unknown
}

/** Sorts providers (ready or not): priority descending, then registration order. */
export function byPriority(a: Pick<ProviderEntry, 'priority' | 'order'>, b: Pick<ProviderEntry, 'priority' | 'order'>): number {
  return b.priority - a.priority || a.order - b.order
}
