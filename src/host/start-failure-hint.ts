import type { CapstanError } from '../errors/capstan-error.js'

/** Where a plugin's start failure stands: what the host will do next about it. */
export interface StartFailureState {
  plugin: string
  error: CapstanError
  transient: boolean
  /** The next background attempt, when one is scheduled. */
  next?: { attempt: number; maxAttempts: number; at: string }
}

/**
 * What to do about a plugin that failed to start, in one sentence: fix the
 * option the error names, or start the backend (and whether the host is
 * retrying already); `capstan.restartPlugin(name)` either way.
 */
export function startFailureHint({ plugin, error, transient, next }: StartFailureState): string {
  const restart = `capstan.restartPlugin('${plugin}')`
  if (transient && next !== undefined) {
    return `Start or fix the backend: Capstan tries again in the background (attempt ${next.attempt} of ${next.maxAttempts} at ${next.at}), or call ${restart} to try now.`
  }
  if (transient) return `Start or fix the backend, then call ${restart}.`
  const field = error.details['field']
  if (typeof field === 'string' && field !== '') return `Fix the plugin's option or file "${field}", then call ${restart}.`
  return `Fix the cause, then call ${restart}.`
}
