import { CapstanError, type JournalEntry } from 'capstan'

/** One append waiting for its statement. */
interface Waiting {
  entries: readonly JournalEntry[]
  signal: AbortSignal | undefined
  resolve(appended: number): void
  reject(error: unknown): void
}

/** Writes a batch in one statement; resolves with the ids that were new. */
export type WriteBatch = (entries: readonly JournalEntry[]) => Promise<Set<string>>

/**
 * Appends of one store, one statement at a time, with the appends that came
 * while a statement ran merged into the next (up to `batchSize` entries).
 * Appends are serialized across processes by the append lock anyway, and a
 * commit waits for the disk while it holds it: merging turns many small
 * concurrent appends into few statements. Each append still learns how many of
 * its own entries were new; when a merged statement fails, its appends are
 * written one by one, so one append's bad entry fails only that append.
 */
export class AppendQueue {
  readonly #write: WriteBatch
  readonly #batchSize: number
  readonly #waiting: Waiting[] = []
  #running = false

  constructor(write: WriteBatch, batchSize: number) {
    this.#write = write
    this.#batchSize = batchSize
  }

  /** Appends `entries` (at most `batchSize`), merged with others waiting; resolves with how many were new. */
  append(entries: readonly JournalEntry[], signal: AbortSignal | undefined): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.#waiting.push({ entries, signal, resolve, reject })
      if (!this.#running) void this.#drain()
    })
  }

  async #drain(): Promise<void> {
    this.#running = true
    try {
      for (let batch = this.#next(); batch.length > 0; batch = this.#next()) await this.#run(batch)
    } finally {
      this.#running = false
    }
  }

  /** The waiting appends that fit one statement (at least one), those whose signal aborted refused. */
  #next(): Waiting[] {
    const batch: Waiting[] = []
    let size = 0
    while (this.#waiting.length > 0) {
      const first = this.#waiting[0] as Waiting
      if (first.signal?.aborted === true) {
        this.#waiting.shift()
        first.reject(new CapstanError('CANCELLED', { message: 'Journal append cancelled before it was written', cause: first.signal.reason }))
        continue
      }
      if (batch.length > 0 && size + first.entries.length > this.#batchSize) break
      batch.push(first)
      size += first.entries.length
      this.#waiting.shift()
    }
    return batch
  }

  async #run(batch: Waiting[]): Promise<void> {
    try {
      const added = await this.#write(batch.flatMap((w) => w.entries))
      // Each new id counts for the first append (and the first entry) that holds it, as if they had run one after another.
      for (const waiting of batch) {
        let appended = 0
        for (const entry of waiting.entries) if (added.delete(entry.id)) appended += 1
        waiting.resolve(appended)
      }
    } catch (error) {
      if (batch.length === 1) batch[0]?.reject(error)
      else for (const waiting of batch) await this.#run([waiting])
    }
  }
}
