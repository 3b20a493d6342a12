import type { Principal } from '../capabilities/provider-context.js'

/** Options of one invocation. */
export interface InvokeOptions {
  /** Who is calling; RBAC checks this principal when a policy is configured. */
  principal?: Principal | undefined
  /** Cancels the invocation (and, through the providers, the backend calls). */
  signal?: AbortSignal | undefined
  /**
   * For executions: aborting it ends the stop's grace at once. Whatever is
   * still running of the stopped nodes gets SIGKILL now, not after
   * `killGraceMs` (a second Ctrl-C). Aborted on its own, it cancels the
   * execution too, without a grace.
   */
  killSignal?: AbortSignal | undefined
  /** Route to this plugin only, whatever the capability's routing. */
  plugin?: string | undefined
  /**
   * For prioritised capabilities: ask every provider and merge their outputs
   * (facts keep the source of each fact) instead of stopping at the first.
   */
  all?: boolean | undefined
  /**
   * The whole call's time limit in ms. For a query or action: resolving its
   * targets or node, every provider asked and their retries end by then with
   * TIMEOUT, and each provider may use all that is left of it (overriding the
   * plugin's own timeout). Default: the host's `callTimeoutMs`. For an
   * execution: the whole execution's time limit (queue wait included); the
   * per-node limit is the input's `timeoutMs`.
   */
  timeoutMs?: number | undefined
  /** For executions: queue priority, higher first (default 0). */
  priority?: number | undefined
}
