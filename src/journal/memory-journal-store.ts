import { randomUUID } from 'node:crypto'
import { CapstanError } from '../errors/capstan-error.js'
import { decodeCursor, encodeCursor } from './journal-cursor.js'
import type { JournalEntry } from './journal-entry.js'
import type { JournalPage, JournalQuery } from './journal-query.js'
import type { JournalStore } from './journal-store.js'
import { matchesJournalQuery } from './matches-journal-query.js'

/** Options of a {@link MemoryJournalStore}. */
export interface MemoryJournalStoreOptions {
  /** Entries kept; past it the oldest are dropped (default 100,000). Cursors stay valid: one before the oldest kept entry pages to the end. */
  maxEntries?: number | undefined
}

/**
 * What the memory store keeps of an entry: the fields queries filter on, and
 * the entry as JSON. Text is the copy: a caller's later change to an entry
 * it appended or read never reaches the store, and serialising is several
 * times cheaper than a structured clone (the host appends one entry per node
 * of every execution), and smaller.
 */
type Kept = Pick<JournalEntry, 'id' | 'node' | 'kind' | 'time' | 'executionId' | 'actor'> & { json: string }

function keep(entry: JournalEntry): Kept {
  return { id: entry.id, node: entry.node, kind: entry.kind, time: entry.time, executionId: entry.executionId, actor: entry.actor, json: JSON.stringify(entry) }
}

const entryOf = (kept: Kept): JournalEntry => JSON.parse(kept.json) as JournalEntry

/**
 * The node journal in memory: for tests and short-lived scripts; gone when
 * the process exits, and bounded (`maxEntries`, the oldest dropped first).
 * Entries keep their append order (a sequence number from 1), which cursors
 * point into.
 */
export class MemoryJournalStore implements JournalStore {
  readonly id = `memory:${randomUUID()}`
  /** The kept entries: the one of sequence number `seq` is at `seq - 1 - #dropped`. */
  readonly #entries: Kept[] = []
  readonly #byId = new Map<string, Kept>()
  readonly #maxEntries: number
  /** Entries dropped from the front: the sequence numbers before the oldest kept one. */
  #dropped = 0
  /** Resolved (and replaced) on every append that added something, to wake followers. */
  #appended = wakeUp()

  /** @throws CapstanError VALIDATION_ERROR naming `maxEntries` when it is not a positive integer. */
  constructor(options: MemoryJournalStoreOptions = {}) {
    const { maxEntries = 100_000 } = options
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
      throw new CapstanError('VALIDATION_ERROR', { message: `maxEntries: expected a positive integer, got ${String(maxEntries)}`, details: { field: 'maxEntries' } })
    }
    this.#maxEntries = maxEntries
  }

  /** The highest sequence number given out. */
  get #last(): number {
    return this.#dropped + this.#entries.length
  }

  #at(seq: number): Kept | undefined {
    return seq > this.#dropped ? this.#entries[seq - 1 - this.#dropped] : undefined
  }

  async append(entries: readonly JournalEntry[]): Promise<{ appended: number }> {
    let appended = 0
    for (const entry of entries) {
      if (this.#byId.has(entry.id)) continue
      const kept = keep(entry)
      this.#entries.push(kept)
      this.#byId.set(kept.id, kept)
      appended += 1
    }
    // Dropped a tenth at a time past the bound, so appends do not each shift the whole array.
    if (this.#entries.length > this.#maxEntries) {
      const drop = this.#entries.length - this.#maxEntries + Math.floor(this.#maxEntries / 10)
      for (const old of this.#entries.splice(0, drop)) this.#byId.delete(old.id)
      this.#dropped += drop
    }
    if (appended > 0) {
      this.#appended.resolve()
      this.#appended = wakeUp()
    }
    return { appended }
  }

  async get(id: string): Promise<JournalEntry | undefined> {
    const kept = this.#byId.get(id)
    return kept === undefined ? undefined : entryOf(kept)
  }

  async query(query: JournalQuery): Promise<JournalPage> {
    const before = query.cursor === undefined ? this.#last + 1 : decodeCursor(query.cursor, this.id).seq
    const followCursor = encodeCursor({ store: this.id, seq: this.#last })
    const entries: JournalEntry[] = []
    let last = 0
    for (let seq = Math.min(before - 1, this.#last); seq > this.#dropped; seq -= 1) {
      const kept = this.#at(seq) as Kept
      if (!matchesJournalQuery(kept, query)) continue
      if (entries.length === query.limit) return { entries, nextCursor: encodeCursor({ store: this.id, seq: last }), followCursor }
      entries.push(entryOf(kept))
      last = seq
    }
    return { entries, followCursor }
  }

  async *follow(options: { cursor?: string | undefined; query?: Partial<JournalQuery> | undefined; signal: AbortSignal }): AsyncGenerator<{ entry: JournalEntry; cursor: string }> {
    let seq = options.cursor === undefined ? this.#last : decodeCursor(options.cursor, this.id).seq
    const { signal } = options
    // One listener for the whole follow, not one per wait.
    const stopped = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
    while (!signal.aborted) {
      while (seq < this.#last) {
        // A follower that fell behind the bound goes on from the oldest kept entry.
        seq = Math.max(seq, this.#dropped) + 1
        const kept = this.#at(seq) as Kept
        if (options.query === undefined || matchesJournalQuery(kept, options.query)) yield { entry: entryOf(kept), cursor: encodeCursor({ store: this.id, seq }) }
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
