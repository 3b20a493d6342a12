/**
 * How long running work may still take before it is stopped: it ends at the
 * earliest end it was given, so a later, shorter limit (a second `close()`
 * with `graceMs: 0`) cuts a long one short, and a longer one never extends it.
 */
export class GracePeriod {
  /** Resolves when the grace is over. */
  readonly ended: Promise<void>
  #end!: () => void
  #endsAt = Number.POSITIVE_INFINITY
  #timer: NodeJS.Timeout | undefined

  constructor() {
    this.ended = new Promise<void>((resolve) => {
      this.#end = resolve
    })
  }

  /** Ends the grace `ms` from now, unless it already ends sooner; `0` ends it now. */
  limit(ms: number): void {
    const endsAt = performance.now() + ms
    if (endsAt >= this.#endsAt) return
    this.#endsAt = endsAt
    clearTimeout(this.#timer)
    if (ms === 0) this.#finish()
    else this.#timer = setTimeout(() => this.#finish(), ms)
  }

  /** Ends the grace now, leaving no timer behind (the work it waited for is done). */
  finish(): void {
    this.#finish()
  }

  #finish(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    this.#endsAt = Number.NEGATIVE_INFINITY
    this.#end()
  }
}
