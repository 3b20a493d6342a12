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
    timer = setTimeout(() => resolve({ status: 'timeout' }), ms)
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

/** Waits until `done()` holds, looking every 20 ms, for at most `ms`; true when it held. */
export async function pollUntil(done: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms
  while (!done()) {
    if (performance.now() >= deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return true
}
