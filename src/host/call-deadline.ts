import { CapstanError } from '../errors/capstan-error.js'

/** The deadline of one call: a signal that aborts with TIMEOUT when it passes, or with the caller's reason first. */
export interface CallDeadline extends Disposable {
  /** Aborts when the caller's signal does (its reason) or the deadline passes (a TIMEOUT CapstanError). */
  readonly signal: AbortSignal
}

/**
 * Starts the deadline of one query or action: everything the call does
 * (resolving targets through inventory, each provider asked, their retries)
 * ends by then. `fromCaller` says whether `timeoutMs` came from the caller's
 * options, so the error says which setting to change. The timer never keeps
 * the process alive; dispose it when the call settles.
 */
export function startCallDeadline(capability: string, timeoutMs: number, fromCaller: boolean, signal?: AbortSignal): CallDeadline {
  const controller = new AbortController()
  const setting = fromCaller ? 'options.timeoutMs' : "the host's callTimeoutMs"
  const timer = setTimeout(
    () =>
      controller.abort(
        new CapstanError('TIMEOUT', {
          message: `${capability} did not finish within ${timeoutMs} ms, the call's deadline (${setting})`,
          details: { capability, timeoutMs, deadline: fromCaller ? 'options.timeoutMs' : 'callTimeoutMs' },
        }),
      ),
    timeoutMs,
  )
  timer.unref()
  return {
    signal: signal === undefined ? controller.signal : AbortSignal.any([signal, controller.signal]),
    [Symbol.dispose]: () => clearTimeout(timer),
  }
}
