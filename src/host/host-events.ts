import type { ErrorCode } from '../errors/codes.js'
import type { PluginState } from '../plugin/plugin-state.js'

/** Events a Capstan instance emits (`capstan.on(name, listener)`). */
export interface HostEvents {
  /** A plugin changed lifecycle state; `error` says why it failed. */
  'plugin:state': (event: { plugin: string; state: PluginState; error?: { code: ErrorCode; message: string } }) => void
  /** An invocation finished, successfully or not. */
  invocation: (event: { capability: string; durationMs: number; ok: boolean; code?: ErrorCode; principal?: string }) => void
}
