/** What one benchmark measured, against a baseline run in the same process. */
export interface BenchResult {
  /** What was measured. */
  name: string
  /** Median time of the measured code, in ms. */
  ms: number
  /** Median time of the baseline, in ms. */
  baselineMs: number
  /** `ms / baselineMs`: how many times slower than the baseline. */
  ratio: number
  /** The target, in words. */
  goal: string
  /** Whether the target is met. */
  met: boolean
  /**
   * Replaces the `ms, baseline, ratio` part of the printed line, for results
   * that are not a time (throughput, memory).
   */
  summary?: string
  /** Further numbers, printed indented under the result's line. */
  details?: string[]
}

/** What a `bench*` export returns: one result, or several (say, time and memory of one run). */
export type BenchOutcome = BenchResult | BenchResult[]
