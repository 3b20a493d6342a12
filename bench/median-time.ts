import { performance } from 'node:perf_hooks'

/** Options of {@link medianTime}. */
export interface MedianTimeOptions {
  /** Unmeasured runs first, so the JIT has compiled the code being timed. */
  warmups?: number
  /** Measured runs; the median resists the odd slow run (GC, a busy machine). */
  runs?: number
}

/** The median wall time of `run`, in ms. */
export function medianTime(run: () => unknown, options: MedianTimeOptions = {}): number {
  const { warmups = 3, runs = 11 } = options
  for (let i = 0; i < warmups; i++) run()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    run()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]!
}
