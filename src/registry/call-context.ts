import type { CapstanError } from '../errors/capstan-error.js'
import type { InvokeOptions } from './invoke-options.js'

/**
 * What one query or action carries to every provider it asks, whichever
 * service (inventory, facts, routing) asks it: the plugins that already
 * failed for a transient reason during the call. A plugin that timed out
 * resolving the call's targets is not waited for a second time in the same
 * call (see {@link callProvider}).
 */
export interface CallContext {
  /** Transient failures (TIMEOUT, retryable UNAVAILABLE) by plugin name, first one kept. */
  readonly failed: Map<string, CapstanError>
}

/** Where the host keeps the {@link CallContext} on a call's options: a symbol, so no caller's option can collide with it. */
export const CALL_CONTEXT: unique symbol = Symbol('capstan.callContext')

/** Invoke options as the host passes them inside one call. */
export type ContextualOptions = InvokeOptions & { [CALL_CONTEXT]?: CallContext }

/** The call's options with a fresh {@link CallContext}. */
export function withCallContext(options: InvokeOptions): ContextualOptions {
  return { ...options, [CALL_CONTEXT]: { failed: new Map() } }
}

/** The call context of `options`, when the host set one. */
export function callContextOf(options: InvokeOptions): CallContext | undefined {
  return (options as ContextualOptions)[CALL_CONTEXT]
}
