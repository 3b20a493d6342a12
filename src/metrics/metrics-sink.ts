/** Where plugins and the host record measurements. */
export interface MetricsSink {
  /** Adds `value` (default 1) to a counter. */
  increment(name: string, value?: number, labels?: Record<string, string>): void
  /** Records one observation (a latency in ms, a size in bytes). */
  observe(name: string, value: number, labels?: Record<string, string>): void
}
