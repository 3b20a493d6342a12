import type { ExecutionQuery, ExecutionRecord } from './execution-record.js'
import type { ExecutionStore } from './execution-store.js'

/** Options of {@link MemoryExecutionStore}. */
export interface MemoryExecutionStoreOptions {
  /** Most records kept; the oldest go first (default 1,000). */
  maxEntries?: number | undefined
  /** Records older than this are dropped, in ms (default 24 h). */
  maxAgeMs?: number | undefined
  now?: (() => number) | undefined
}

/** The default execution history: in memory, bounded by count and age. */
export class MemoryExecutionStore implements ExecutionStore {
  /** Insertion order is finish order, so the oldest records are first. */
  readonly #records = new Map<string, { record: ExecutionRecord; savedAt: number }>()
  readonly #maxEntries: number
  readonly #maxAgeMs: number
  readonly #now: () => number

  constructor(options: MemoryExecutionStoreOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 1000
    this.#maxAgeMs = options.maxAgeMs ?? 24 * 60 * 60 * 1000
    this.#now = options.now ?? Date.now
  }

  async save(record: ExecutionRecord): Promise<void> {
    this.#records.delete(record.id)
    this.#records.set(record.id, { record, savedAt: this.#now() })
    this.#prune()
  }

  async get(id: string): Promise<ExecutionRecord | undefined> {
    this.#prune()
    return this.#records.get(id)?.record
  }

  async list(query: ExecutionQuery = {}): Promise<ExecutionRecord[]> {
    this.#prune()
    const since = query.since === undefined ? undefined : new Date(query.since).toISOString()
    const matching = [...this.#records.values()]
      .map((entry) => entry.record)
      .filter((r) => (query.status === undefined || r.status === query.status) && (query.capability === undefined || r.capability === query.capability) && (since === undefined || r.startedAt >= since))
      .reverse()
    return query.limit === undefined ? matching : matching.slice(0, query.limit)
  }

  #prune(): void {
    const oldest = this.#now() - this.#maxAgeMs
    for (const [id, { savedAt }] of this.#records) {
      if (this.#records.size <= this.#maxEntries && savedAt >= oldest) break
      this.#records.delete(id)
    }
  }
}
