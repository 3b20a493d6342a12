/**
 * Keeps the most recent latency samples in a fixed ring, so percentiles
 * reflect recent behaviour and memory stays flat however long the host runs.
 */
export class LatencyReservoir {
  readonly #samples: Float64Array
  #next = 0
  #size = 0
  #count = 0

  constructor(capacity = 1024) {
    this.#samples = new Float64Array(capacity)
  }

  /** Records one sample. */
  add(value: number): void {
    this.#samples[this.#next] = value
    this.#next = (this.#next + 1) % this.#samples.length
    this.#size = Math.min(this.#size + 1, this.#samples.length)
    this.#count += 1
  }

  /** Samples recorded in all, including those the ring no longer holds. */
  get count(): number {
    return this.#count
  }

  /** The given percentiles (0–100) by nearest rank; 0 when empty. */
  percentiles(...ps: number[]): number[] {
    if (this.#size === 0) return ps.map(() => 0)
    const sorted = this.#samples.slice(0, this.#size).sort()
    return ps.map((p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0)
  }
}
