import { CapstanError, isCapstanError, type JournalEntry, type JournalPage, type JournalQuery, type JournalStore } from 'capstan'
import { decodeCursor, encodeCursor, type JournalFilter } from 'capstan/plugin-kit'
import type { Pool } from 'pg'
import { AppendQueue } from './append-queue.js'
import { appendStatement } from './append-statement.js'
import { columnArrays, entryColumns, entryOf, type EntryRow } from './entry-rows.js'
import { filterConditions } from './filter-sql.js'
import { NotificationListener } from './notification-listener.js'
import type { StoreNames } from './store-names.js'
import { unavailable } from './without-password.js'

/** The columns of an entry, selected inside a page's subquery (`p.` outside it). */
const pageColumns = 'seq, id, node, time, kind, source, actor, execution_id, summary, body, corrects'
const outerColumns = 'p.seq::text AS seq, p.id, p.node, p.time, p.kind, p.source, p.actor, p.execution_id, p.summary, p.body, p.corrects'
/** How many entries a follower reads at a time. */
const followBatch = 500

/** What the store is made of, once open (see openPostgresJournalStore). */
export interface StoreParts {
  id: string
  pool: Pool
  /** Whether close() ends the pool (the store opened it). */
  ownsPool: boolean
  names: StoreNames
  batchSize: number
  pollIntervalMs: number
  /** What errors must never contain (the password). */
  secrets: readonly string[]
}

/** A page row: the head (highest seq, text) and an entry, or only the head (every column null) when the page is empty. */
type HeadRow = { head: string } & (EntryRow | { [K in keyof EntryRow]: null })

/**
 * The node journal in PostgreSQL (open it with openPostgresJournalStore).
 * Appends are multi-row INSERTs, one round trip a batch (concurrent appends
 * merged), under a transaction-level advisory lock so `seq` (the cursor
 * position) is also commit order; followers wake on LISTEN/NOTIFY and poll as a fallback.
 */
export class PostgresJournalStore implements JournalStore {
  readonly id: string
  readonly #parts: StoreParts
  readonly #append: string
  readonly #queue: AppendQueue
  readonly #listener: NotificationListener
  readonly #closing = new AbortController()
  #closed = false

  constructor(parts: StoreParts) {
    this.#parts = parts
    this.id = `postgres:${parts.id}`
    this.#append = appendStatement(parts.names)
    this.#queue = new AppendQueue((batch) => this.#write(batch), parts.batchSize)
    this.#listener = new NotificationListener(() => parts.pool.connect(), parts.names.channel)
  }

  async append(entries: readonly JournalEntry[], options: { signal?: AbortSignal | undefined } = {}): Promise<{ appended: number }> {
    this.#open()
    const { batchSize } = this.#parts
    let appended = 0
    for (let start = 0; start < entries.length; start += batchSize) {
      if (options.signal?.aborted === true) {
        throw new CapstanError('CANCELLED', { message: `Journal append cancelled after ${appended} new entries (the batches before were stored)`, cause: options.signal.reason })
      }
      appended += await this.#queue.append(entries.slice(start, start + batchSize), options.signal)
    }
    return { appended }
  }

  async get(id: string): Promise<JournalEntry | undefined> {
    this.#open()
    const { rows } = await this.#query<EntryRow>('reading the journal', `SELECT ${entryColumns} FROM ${this.#parts.names.entries} WHERE id = $1`, [id])
    return rows[0] === undefined ? undefined : entryOf(rows[0])
  }

  async query(query: JournalQuery): Promise<JournalPage> {
    this.#open()
    const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor, this.id).seq
    const values: unknown[] = []
    const conditions = filterConditions(query, values)
    if (before !== undefined) conditions.push(`seq < ${param(values, before)}`)
    const { head, rows } = await this.#page(conditions, values, 'DESC', query.limit + 1)
    const entries = rows.slice(0, query.limit)
    const last = entries.at(-1)
    return {
      entries: entries.map(entryOf),
      ...(rows.length > query.limit && last !== undefined ? { nextCursor: this.#cursor(Number(last.seq)) } : {}),
      followCursor: this.#cursor(head),
    }
  }

  async *follow(options: { cursor?: string | undefined; query?: Partial<JournalQuery> | undefined; signal: AbortSignal }): AsyncGenerator<{ entry: JournalEntry; cursor: string }> {
    this.#open()
    const signal = AbortSignal.any([options.signal, this.#closing.signal])
    const filter: JournalFilter = options.query ?? {}
    let last = options.cursor === undefined ? await this.#head() : decodeCursor(options.cursor, this.id).seq
    const stopped = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
    this.#listener.acquire()
    let timer: NodeJS.Timeout | undefined
    try {
      while (!signal.aborted) {
        // Taken before reading: a notification that comes while reading still wakes the wait below.
        const woken = this.#listener.next()
        let page: { head: number; rows: EntryRow[] }
        try {
          const values: unknown[] = []
          const conditions = [...filterConditions(filter, values), `seq > ${param(values, last)}`]
          page = await this.#page(conditions, values, 'ASC', followBatch)
        } catch (error) {
          if (signal.aborted) return
          if (!isCapstanError(error, 'UNAVAILABLE')) throw error
          // The database is away for a moment: try again after the poll interval.
          page = { head: last, rows: [] }
        }
        for (const row of page.rows) {
          last = Number(row.seq)
          yield { entry: entryOf(row), cursor: this.#cursor(last) }
          if (signal.aborted) return
        }
        if (page.rows.length === followBatch) continue
        // Everything up to the head has been read (seq order is commit order: nothing below it can still appear).
        last = Math.max(last, page.head)
        await Promise.race([woken, stopped, new Promise<void>((resolve) => (timer = setTimeout(resolve, this.#parts.pollIntervalMs)))])
        clearTimeout(timer)
      }
    } finally {
      clearTimeout(timer)
      this.#listener.release()
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#closing.abort()
    this.#listener.stop()
    if (this.#parts.ownsPool) await this.#parts.pool.end()
  }

  /** One statement appending `batch`; the ids that were new. */
  async #write(batch: readonly JournalEntry[]): Promise<Set<string>> {
    const { names } = this.#parts
    const { rows } = await this.#query<{ ids: string[] }>('appending to the journal', this.#append, [names.lockName, ...columnArrays(batch), names.channelName])
    return new Set(rows[0]?.ids ?? [])
  }

  #open(): void {
    if (this.#closed) throw new CapstanError('UNAVAILABLE', { message: 'The PostgreSQL journal store is closed', retryable: false })
  }

  #cursor(seq: number): string {
    return encodeCursor({ store: this.id, seq })
  }

  /** The highest seq stored: where a follower without a cursor starts. */
  async #head(): Promise<number> {
    const { rows } = await this.#query<{ head: string }>('reading the journal', `SELECT coalesce(max(seq), 0)::text AS head FROM ${this.#parts.names.entries}`, [])
    return Number(rows[0]?.head ?? 0)
  }

  /** The highest seq (in the same snapshot) and up to `limit` rows matching `conditions`, by seq in `order`. */
  async #page(conditions: string[], values: unknown[], order: 'ASC' | 'DESC', limit: number): Promise<{ head: number; rows: EntryRow[] }> {
    const { entries } = this.#parts.names
    const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`
    const sql = `WITH head AS (SELECT coalesce(max(seq), 0)::text AS head FROM ${entries})
SELECT head.head, ${outerColumns}
FROM head LEFT JOIN LATERAL (SELECT ${pageColumns} FROM ${entries} ${where} ORDER BY seq ${order} LIMIT ${param(values, limit)}) AS p ON true
ORDER BY p.seq ${order}`
    const { rows } = await this.#query<HeadRow>('reading the journal', sql, values)
    return { head: Number(rows[0]?.head ?? 0), rows: rows.filter((row): row is { head: string } & EntryRow => row.seq !== null) }
  }

  async #query<R extends object>(what: string, sql: string, values: unknown[]): Promise<{ rows: R[] }> {
    try {
      return await this.#parts.pool.query<R & Record<string, unknown>>(sql, values)
    } catch (error) {
      throw databaseError(what, error, this.#parts.secrets)
    }
  }
}

function param(values: unknown[], value: unknown): string {
  values.push(value)
  return `$${values.length}`
}

/** A driver error as a CapstanError: bad data (SQLSTATE classes 22 and 23) as VALIDATION_ERROR naming `entries`, anything else UNAVAILABLE. */
function databaseError(what: string, error: unknown, secrets: readonly string[]): CapstanError {
  const code = (error as { code?: unknown } | null)?.code
  const failure = unavailable(what, error, secrets)
  if (typeof code === 'string' && /^2[23]/.test(code)) {
    return new CapstanError('VALIDATION_ERROR', { message: `entries: ${failure.message}`, details: { field: 'entries' }, cause: failure.cause })
  }
  return failure
}
