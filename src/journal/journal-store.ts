import type { JournalEntry } from './journal-entry.js'
import type { JournalPage, JournalQuery } from './journal-query.js'

/**
 * Where the node journal is kept. Entries are append-only: `append` of an id
 * already stored is a no-op (a retried append is safe); nothing is updated in
 * place. Every store passes `journalStoreCases` of `capstan/testing`.
 */
export interface JournalStore {
  /** Identifies the store's data, in its cursors: a cursor of another store is refused. */
  readonly id: string
  /**
   * Appends entries in order, skipping ids already stored. Resolves once
   * they are as durable as the store promises (a file store: written, and
   * synced within its documented window).
   *
   * @returns how many were new.
   */
  append(entries: readonly JournalEntry[], options?: { signal?: AbortSignal | undefined }): Promise<{ appended: number }>
  /** The entry with this id, or undefined. */
  get(id: string): Promise<JournalEntry | undefined>
  /**
   * A page of entries matching the query, newest first (by append order).
   *
   * @throws CapstanError VALIDATION_ERROR naming `cursor` for a cursor of another store, or no cursor at all.
   */
  query(query: JournalQuery): Promise<JournalPage>
  /**
   * Entries appended after `cursor` (a page's or a followed entry's cursor;
   * none: from now), oldest first, as they arrive, each once, until the
   * signal aborts. Each comes with the cursor to resume after it.
   */
  follow(options: { cursor?: string | undefined; query?: Partial<JournalQuery> | undefined; signal: AbortSignal }): AsyncIterable<{ entry: JournalEntry; cursor: string }>
  /** Releases files, connections and timers. */
  close(): Promise<void>
}
