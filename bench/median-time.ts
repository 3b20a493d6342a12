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

/** {@link medianTime} for async work: each run is awaited before the next starts. */
export async function medianTimeAsync(run: () => Promise<unknown>, options: MedianTimeOptions = {}): Promise<number> {
  const { warmups = 3, runs = 11 } = options
  for (let i = 0; i < warmups; i++) await run()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await run()
    times.push(performance.now() - start)
  }
  return median(times)
}

/** The median of some numbers (the upper one of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values')
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}
