import { randomUUID } from 'node:crypto'
import { decodeCursor, encodeCursor } from './journal-cursor.js'
import type { JournalEntry } from './journal-entry.js'
import type { JournalPage, JournalQuery } from './journal-query.js'
import type { JournalStore } from './journal-store.js'
import { matchesJournalQuery } from './matches-journal-query.js'

/**
 * The node journal in memory: for tests and short-lived scripts; gone when
 * the process exits. Entries keep their append order (a sequence number from
 * 1), which cursors point into.
 */
export class MemoryJournalStore implements JournalStore {
  readonly id = `memory:${randomUUID()}`
  readonly #entries: JournalEntry[] = []
  readonly #byId = new Map<string, JournalEntry>()
  /** Resolved (and replaced) on every append that added something, to wake followers. */
  #appended = wakeUp()

  async append(entries: readonly JournalEntry[]): Promise<{ appended: number }> {
    let appended = 0
    for (const entry of entries) {
      if (this.#byId.has(entry.id)) continue
      const copy = structuredClone(entry)
      this.#entries.push(copy)
      this.#byId.set(copy.id, copy)
      appended += 1
    }
    if (appended > 0) {
      this.#appended.resolve()
      this.#appended = wakeUp()
    }
    return { appended }
  }

  async get(id: string): Promise<JournalEntry | undefined> {
    const entry = this.#byId.get(id)
    return entry === undefined ? undefined : structuredClone(entry)
  }

  async query(query: JournalQuery): Promise<JournalPage> {
    const before = query.cursor === undefined ? this.#entries.length + 1 : decodeCursor(query.cursor, this.id).seq
    const followCursor = encodeCursor({ store: this.id, seq: this.#entries.length })
    const entries: JournalEntry[] = []
    let last = 0
    for (let seq = Math.min(before - 1, this.#entries.length); seq >= 1; seq -= 1) {
      const entry = this.#entries[seq - 1] as JournalEntry
      if (!matchesJournalQuery(entry, query)) continue
      if (entries.length === query.limit) return { entries, nextCursor: encodeCursor({ store: this.id, seq: last }), followCursor }
      entries.push(structuredClone(entry))
      last = seq
    }
    return { entries, followCursor }
  }

  async *follow(options: { cursor?: string | undefined; query?: Partial<JournalQuery> | undefined; signal: AbortSignal }): AsyncGenerator<{ entry: JournalEntry; cursor: string }> {
    let seq = options.cursor === undefined ? this.#entries.length : decodeCursor(options.cursor, this.id).seq
    const { signal } = options
    // One listener for the whole follow, not one per wait.
    const stopped = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
    while (!signal.aborted) {
      while (seq < this.#entries.length) {
        seq += 1
        const entry = this.#entries[seq - 1] as JournalEntry
        if (options.query === undefined || matchesJournalQuery(entry, options.query)) yield { entry: structuredClone(entry), cursor: encodeCursor({ store: this.id, seq }) }
        if (signal.aborted) return
      }
      await Promise.race([this.#appended.promise, stopped])
    }
  }

  async close(): Promise<void> {}
}

/** A promise and its resolve, resolved once to wake every follower waiting on it. */
function wakeUp(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}
