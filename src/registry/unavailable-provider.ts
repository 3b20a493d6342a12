import type { SourceOutcome } from '../capabilities/models/source-outcome.js'
import { CapstanError } from '../errors/capstan-error.js'

/** Why a plugin is not serving, as the host knows it at the moment of a call. */
export interface StartFailure {
  /** The error its last start attempt ended with. */
  error: CapstanError
  /** Whether that error may go away by itself (refused, timeout, 503). */
  transient: boolean
  /** What to do about it, in one sentence for people. */
  hint: string
  /** When the host tries again in the background (ISO 8601), if it will. */
  nextAttemptAt?: string
}

/** A plugin that declares a capability but failed to start: known to routing, never called. */
export interface UnavailableProvider {
  plugin: string
  priority: number
  /** Wiring order, to keep equal priorities stable (the same order as a ready provider's). */
  order: number
  transports?: readonly string[]
  /** Read at each call, so the error, hint and next retry are current. */
  failure: () => StartFailure
}

/**
 * The PLUGIN_UNAVAILABLE error of a call that reached a plugin which failed
 * to start: it names the plugin and the capability, keeps the start error as
 * `cause` and says what to do. It is `retryable` while the host retries the
 * plugin in the background.
 */
export function pluginUnavailable(provider: UnavailableProvider, capability: string, extra: Record<string, unknown> = {}): CapstanError {
  const { error, transient, hint, nextAttemptAt } = provider.failure()
  return new CapstanError('PLUGIN_UNAVAILABLE', {
    message: `Plugin ${provider.plugin} cannot serve ${capability}: it failed to start (${error.code}: ${error.message}). ${hint}`,
    details: {
      plugin: provider.plugin,
      capability,
      startError: { code: error.code, message: error.message },
      transient,
      hint,
      ...(nextAttemptAt === undefined ? {} : { nextAttemptAt }),
      ...extra,
    },
    cause: error,
    retryable: nextAttemptAt !== undefined,
  })
}

/** How an aggregated result lists a source that failed to start: not asked, with its start error. */
export function unavailableOutcome(provider: UnavailableProvider, capability: string): SourceOutcome {
  const error = pluginUnavailable(provider, capability)
  const cause = provider.failure().error
  return { plugin: provider.plugin, ok: false, durationMs: 0, error: { code: error.code, message: error.message, cause: { code: cause.code, message: cause.message } } }
}
