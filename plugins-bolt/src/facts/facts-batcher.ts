import type { Facts } from 'capstan'

/** Gathers facts of many targets at once: Bolt's answer per target, or the error for it. */
export type GatherFacts = (targets: string[]) => Promise<Map<string, Facts | Error>>

/**
 * Collects the facts requests that arrive together (within `windowMs`) into
 * one call, so facts of a hundred nodes cost one bolt process, not a hundred.
 * A caller's signal only stops its own wait.
 */
export class FactsBatcher {
  readonly #gather: GatherFacts
  readonly #windowMs: number
  #pending = new Map<string, Array<{ resolve: (facts: Facts) => void; reject: (error: unknown) => void }>>()
  #timer: NodeJS.Timeout | undefined

  constructor(gather: GatherFacts, windowMs = 10) {
    this.#gather = gather
    this.#windowMs = windowMs
  }

  /** The facts of `target`, gathered with whatever else is asked for in the same window. */
  get(target: string, signal?: AbortSignal): Promise<Facts> {
    return new Promise<Facts>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      const waiters = this.#pending.get(target) ?? []
      waiters.push({ resolve, reject })
      this.#pending.set(target, waiters)
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true })
      this.#timer ??= setTimeout(() => void this.#flush(), this.#windowMs)
    })
  }

  async #flush(): Promise<void> {
    const batch = this.#pending
    this.#pending = new Map()
    this.#timer = undefined
    let results: Map<string, Facts | Error>
    try {
      results = await this.#gather([...batch.keys()])
    } catch (error) {
      for (const waiters of batch.values()) for (const { reject } of waiters) reject(error)
      return
    }
    for (const [target, waiters] of batch) {
      const result = results.get(target) ?? new Error(`Bolt returned no facts for ${target}`)
      for (const { resolve, reject } of waiters) {
        if (result instanceof Error) reject(result)
        else resolve(result)
      }
    }
  }
}
