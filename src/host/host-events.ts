import type { ErrorCode } from '../errors/codes.js'
import type { ExecutionStoreFailure } from '../execution/execution-store-health.js'
import type { PluginState } from '../plugin/plugin-state.js'

/** Events a Capstan instance emits (`capstan.on(name, listener)`). */
export interface HostEvents {
  /**
   * A plugin changed lifecycle state; `error` says why it failed. A plugin
   * retried after a failed start goes `failed` → `initializing` → `ready` or
   * `failed` again, each step an event.
   */
  'plugin:state': (event: { plugin: string; state: PluginState; error?: { code: ErrorCode; message: string } | undefined }) => void
  /**
   * A plugin whose start failed for a transient reason will be tried again:
   * `attempt` is the number of that attempt (2 for the first retry), after
   * `delayMs`; `error` is the failure that made it necessary.
   */
  'plugin:retry': (event: { plugin: string; attempt: number; maxAttempts: number; delayMs: number; error: { code: ErrorCode; message: string } }) => void
  /** An invocation finished, successfully or not. */
  invocation: (event: { capability: string; durationMs: number; ok: boolean; code?: ErrorCode | undefined; principal?: string | undefined }) => void
  /**
   * A call into the execution store failed (threw, rejected, answered
   * nonsense or timed out). The execution it was saving ended as its result
   * says; only its record may be missing from the history.
   */
  'store:error': (event: ExecutionStoreFailure) => void
  /**
   * Writing an execution's entries to the node journal failed (the store
   * threw, rejected or did not answer in time). The execution ended as its
   * result says; only its journal entries may be missing.
   */
  'journal:error': (event: { executionId: string; error: { code: ErrorCode; message: string }; at: string }) => void
}
