/** The kit's own timers: not the plugin's handles when the kit looks for those. */
const kitTimers = new WeakSet<object>()

/** Whether `resource` is one of the kit's own timers. */
export function isKitTimer(resource: object): boolean {
  return kitTimers.has(resource)
}

/** A timer of the kit's own. */
function kitTimer(callback: () => void, ms: number): NodeJS.Timeout {
  const timer = setTimeout(callback, ms)
  kitTimers.add(timer)
  return timer
}

/** How a piece of work ended within its time bound. */
export type Settled<T> = { status: 'value'; value: T } | { status: 'error'; error: unknown } | { status: 'timeout' }

/**
 * Runs `work` and waits for it at most `ms`: a plugin that never answers
 * becomes a `timeout`, never a hang. A synchronous throw is an `error`. The
 * timer is cleared when the work settles, so it is no handle left open.
 */
export async function settleWithin<T>(work: () => T | PromiseLike<T>, ms: number): Promise<Settled<Awaited<T>>> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<Settled<Awaited<T>>>((resolve) => {
    timer = kitTimer(() => resolve({ status: 'timeout' }), ms)
  })
  const settled = Promise.resolve()
    .then(work)
    .then(
      (value): Settled<Awaited<T>> => ({ status: 'value', value: value as Awaited<T> }),
      (error: unknown): Settled<Awaited<T>> => ({ status: 'error', error }),
    )
  try {
    return await Promise.race([settled, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Waits `ms` on a timer of the kit's own. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => kitTimer(resolve, ms))
}

/** Waits until `done()` holds, looking every 20 ms, for at most `ms`; true when it held. */
export async function pollUntil(done: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms
  while (!done()) {
    if (performance.now() >= deadline) return false
    await sleep(20)
  }
  return true
}
