import { CapstanError } from 'capstan'
import type { RunRemoteOptions } from './run-remote-options.js'

/** A signal that says a remote command must stop, and how to let go of what feeds it. */
export interface RemoteStopSignal {
  /** Aborts when the command must stop; its reason is the caller's, or a TIMEOUT error. */
  signal: AbortSignal
  /** Removes the listeners on the caller's signals and clears the timer. */
  dispose(): void
}

/**
 * One signal for the three reasons to stop a command on `node`: the caller's
 * `signal` aborts (its reason kept), `killSignal` aborts on its own (the
 * caller's reason when `signal` has aborted too), or `timeoutMs` passes (a
 * TIMEOUT error naming the node). Already aborted when either signal is.
 */
export function remoteStopSignal(options: Pick<RunRemoteOptions, 'node' | 'signal' | 'killSignal' | 'timeoutMs'>): RemoteStopSignal {
  const { node, signal, killSignal, timeoutMs } = options
  const stop = new AbortController()
  const onAbort = (): void => stop.abort(signal?.reason)
  const onKill = (): void => stop.abort(signal?.aborted === true ? signal.reason : killSignal?.reason)
  signal?.addEventListener('abort', onAbort, { once: true })
  killSignal?.addEventListener('abort', onKill, { once: true })
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => stop.abort(new CapstanError('TIMEOUT', { message: `The command on ${node} ran out of time (${timeoutMs} ms)`, details: { node } })), timeoutMs)
  if (signal?.aborted) onAbort()
  if (killSignal?.aborted) onKill()
  return {
    signal: stop.signal,
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      killSignal?.removeEventListener('abort', onKill)
    },
  }
}
