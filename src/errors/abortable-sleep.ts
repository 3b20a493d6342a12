import { CapstanError } from './capstan-error.js'

/**
 * Waits `ms` milliseconds, or rejects with a CANCELLED {@link CapstanError}
 * (the abort reason as `cause`) as soon as `signal` aborts.
 *
 * The timer is not unref'd by default: a pending retry is work the process still
 * has to do. Background work that must never keep a process alive on its own (a
 * plugin's start retries) passes `{ unref: true }`.
 * The abort listener is removed when the wait ends, so one long-lived signal can
 * be shared by many waits without piling up listeners.
 */
export function abortableSleep(ms: number, signal?: AbortSignal, options: { unref?: boolean | undefined } = {}): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelledWhileWaiting(signal))
      return
    }
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(cancelledWhileWaiting(signal as AbortSignal))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    if (options.unref === true) timer.unref()
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

function cancelledWhileWaiting(signal: AbortSignal): CapstanError {
  return new CapstanError('CANCELLED', { message: 'Cancelled while waiting', cause: signal.reason })
}
