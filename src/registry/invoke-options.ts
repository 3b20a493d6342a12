import type { Principal } from '../capabilities/provider-context.js'

/** Options of one invocation. */
export interface InvokeOptions {
  /** Who is calling; RBAC checks this principal when a policy is configured. */
  principal?: Principal
  /** Cancels the invocation (and, through the providers, the backend calls). */
  signal?: AbortSignal
  /** Route to this plugin only, whatever the capability's routing. */
  plugin?: string
  /**
   * For prioritised capabilities: ask every provider and merge their outputs
   * (facts keep the source of each fact) instead of stopping at the first.
   */
  all?: boolean
  /**
   * Per-provider timeout in ms, overriding the plugin's own. For executions,
   * the whole execution's time limit (queue wait included); the per-node
   * limit is the input's `timeoutMs`.
   */
  timeoutMs?: number
  /** For executions: queue priority, higher first (default 0). */
  priority?: number
}
