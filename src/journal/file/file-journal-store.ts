import { mkdir, open, unlink } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { z } from 'zod'
import { CapstanError } from '../../errors/capstan-error.js'
import { cancelledError } from '../../errors/cancelled-error.js'
import { validationError } from '../../errors/validation-error.js'
import { decodeCursor, encodeCursor } from '../journal-cursor.js'
import type { JournalEntry } from '../journal-entry.js'
import type { JournalPage, JournalQuery } from '../journal-query.js'
import type { JournalStore } from '../journal-store.js'
import { matchesJournalQuery, type JournalFilter } from '../matches-journal-query.js'
import { readLines, type LineToRead } from './coalesced-reads.js'
import { FileJournalStoreOptions } from './file-journal-store-options.js'
import { idHash, JournalIndex, type IdHash, type IndexFilter } from './journal-index.js'
import { acquireJournalLock, type JournalLock } from './journal-lock.js'
import { listSegments, parseLine, scanLines, segmentName, type Segment } from './segment-files.js'
import { storeIdOf, syncDir } from './store-id-file.js'
import { SyncBatcher } from './sync-batcher.js'

type Settings = z.output<typeof FileJournalStoreOptions>

/** Entries read per round while following or paging past entries the index could not rule out. */
const READ_ROUND = 256

/**
 * Opens the file journal in `options.dir`: the embedded store, append-only
 * JSON lines in segment files, for one process. Takes the directory's lock,
 * reads every segment (dropping a torn last line, left by a crash in the
 * middle of a write), applies retention and rebuilds the in-memory index.
 *
 * Durability: `append` resolves once its entries are written and fsynced.
 * Appends within `syncIntervalMs` (the durability window, default 10 ms)
 * share one fsync, so an append waits at most about one window plus the
 * fsync; an entry whose `append` resolved survives a crash of the process
 * or the machine. An append that rejected or never resolved may or may not
 * have stored its entries (append again: ids make it safe). Queries,
 * `get` and `follow` see entries once they are synced.
 *
 * @throws CapstanError VALIDATION_ERROR naming the bad option; UNAVAILABLE
 * (`details.reason: 'journal-locked'`, `field: 'dir'`, `pid`) while another
 * store (this process or another) has the directory open.
 *
 * @example
 * ```ts
 * import { openFileJournalStore } from 'capstan'
 *
 * const journal = await openFileJournalStore({ dir: './var/journal', retention: { maxEntries: 1_000_000 } })
 * console.log((await journal.query({ node: 'web01', limit: 10 })).entries.length)
 * await journal.close()
 * ```
 */
export async function openFileJournalStore(options: FileJournalStoreOptions): Promise<JournalStore> {
  const parsed = FileJournalStoreOptions.safeParse(options)
  if (!parsed.success) throw validationError('the file journal store options', parsed.error)
  const settings = { ...parsed.data, dir: resolve(parsed.data.dir) }
  await mkdir(settings.dir, { recursive: true })
  const lock = await acquireJournalLock(settings.dir)
  try {
    const id = await storeIdOf(settings.dir)
    const { segments, index } = await loadSegments(settings.dir)
    const store = new FileJournalStore(id, settings, lock, segments, index)
    await store.applyRetention()
    return store
  } catch (error) {
    await lock.release()
    throw error
  }
}

/** Reads every segment of `dir` into a new index; truncates a torn tail of the newest; makes the first segment when there is none. */
async function loadSegments(dir: string): Promise<{ segments: Segment[]; index: JournalIndex }> {
  const firstSeqs = await listSegments(dir)
  const segments: Segment[] = []
  const index = new JournalIndex(firstSeqs[0] ?? 1)
  try {
    for (const [i, firstSeq] of firstSeqs.entries()) {
      const newest = i === firstSeqs.length - 1
      const path = join(dir, segmentName(firstSeq))
      const segment: Segment = { firstSeq, path, handle: await open(path, newest ? 'a+' : 'r'), size: 0, count: 0, newestTime: -Infinity }
      segments.push(segment)
      if (firstSeq !== index.nextSeq) throw damaged(path, 0, `it starts at sequence number ${firstSeq}, the one before ends at ${index.nextSeq - 1}`)
      const end = await scanLines(segment.handle, (text, offset, length) => {
        const line = parseLine(text)
        if (line === undefined || line.seq !== index.nextSeq) return false
        index.add(line.entry, { offset, length })
        segment.count += 1
        segment.newestTime = Math.max(segment.newestTime, Date.parse(line.entry.time))
        return true
      })
      const { size } = await segment.handle.stat()
      if (end < size) {
        // A torn or damaged tail: only the newest segment's last write can be one (a full segment was synced before the next began).
        if (!newest) throw damaged(path, end, 'a line that is not a whole entry in a segment that was complete')
        await segment.handle.truncate(end)
        await segment.handle.datasync()
      }
      segment.size = end
    }
    if (segments.length === 0) {
      const path = join(dir, segmentName(1))
      segments.push({ firstSeq: 1, path, handle: await open(path, 'a+'), size: 0, count: 0, newestTime: -Infinity })
      await syncDir(dir)
    }
  } catch (error) {
    await Promise.all(segments.map((s) => s.handle.close().catch(() => {})))
    throw error
  }
  return { segments, index }
}

function damaged(path: string, offset: number, what: string): CapstanError {
  return new CapstanError('UNAVAILABLE', { message: `The journal segment ${path} is damaged at byte ${offset}: ${what}. Move it aside to open the journal without it.`, details: { reason: 'journal-damaged', field: 'dir' }, retryable: false })
}

/** A promise and its resolve, to wake every follower waiting on it. */
function wakeUp(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

/** The file journal store; see {@link openFileJournalStore}. */
class FileJournalStore implements JournalStore {
  readonly id: string
  readonly #settings: Settings
  readonly #lock: JournalLock
  /** Oldest first; the last one takes the appends. */
  readonly #segments: Segment[]
  readonly #index: JournalIndex
  readonly #syncer: SyncBatcher
  /** Appends (and rotation, retention) one at a time. */
  #chain: Promise<unknown> = Promise.resolve()
  /** The newest entry written to its segment. */
  #writtenSeq: number
  /** The newest entry synced: what queries, `get` and followers see. */
  #visibleSeq: number
  #appended = wakeUp()
  #closed = false
  #closing: Promise<void> | undefined
  /** Set when a failed write could not be undone: the store refuses appends from then on. */
  #broken: unknown

  constructor(id: string, settings: Settings, lock: JournalLock, segments: Segment[], index: JournalIndex) {
    this.id = id
    this.#settings = settings
    this.#lock = lock
    this.#segments = segments
    this.#index = index
    this.#writtenSeq = index.nextSeq - 1
    this.#visibleSeq = this.#writtenSeq
    this.#syncer = new SyncBatcher(settings.syncIntervalMs, () => this.#sync())
  }

  async append(entries: readonly JournalEntry[], options: { signal?: AbortSignal | undefined } = {}): Promise<{ appended: number }> {
    this.#checkOpen()
    if (options.signal?.aborted === true) throw cancelledError(options.signal, 'The journal append was cancelled before it started')
    const appended = await this.#exclusive(() => this.#write(entries))
    // Also when every id was there already: one of them may be another append's, not synced yet.
    if (this.#writtenSeq > this.#visibleSeq) await this.#syncer.request()
    return { appended }
  }

  async get(id: string): Promise<JournalEntry | undefined> {
    this.#checkOpen()
    const candidates = this.#index.idCandidates(idHash(id)).filter((seq) => seq <= this.#visibleSeq)
    const found = (await this.#read(candidates)).find(({ entry }) => entry.id === id)
    return found?.entry
  }

  async query(query: JournalQuery): Promise<JournalPage> {
    this.#checkOpen()
    const visible = this.#visibleSeq
    const followCursor = this.#cursor(visible)
    let below = query.cursor === undefined ? visible + 1 : Math.min(decodeCursor(query.cursor, this.id).seq, visible + 1)
    const filter = this.#index.compile(query)
    const entries: JournalEntry[] = []
    let last = 0
    for (;;) {
      // One more than the page: whether there is a next page.
      const seqs = this.#index.newestFirst(filter, below, query.limit + 1 - entries.length)
      if (seqs.length === 0) return { entries, followCursor }
      for (const { seq, entry } of await this.#read(seqs)) {
        if (!matchesJournalQuery(entry, query)) continue
        if (entries.length === query.limit) return { entries, nextCursor: this.#cursor(last), followCursor }
        entries.push(entry)
        last = seq
      }
      below = seqs[seqs.length - 1] as number
    }
  }

  async *follow(options: { cursor?: string | undefined; query?: Partial<JournalQuery> | undefined; signal: AbortSignal }): AsyncGenerator<{ entry: JournalEntry; cursor: string }> {
    this.#checkOpen()
    let seq = options.cursor === undefined ? this.#visibleSeq : decodeCursor(options.cursor, this.id).seq
    const { signal } = options
    const query: JournalFilter = options.query ?? {}
    const stopped = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
    let filter: IndexFilter | 'no-match' | undefined
    while (!signal.aborted && !this.#closed) {
      const visible = this.#visibleSeq
      while (seq < visible) {
        // Compiled again each round: a node or kind may have appeared.
        filter = this.#index.compile(query)
        const seqs = this.#index.oldestFirst(filter, seq, visible, READ_ROUND)
        if (seqs.length === 0) {
          seq = visible
          break
        }
        for (const { seq: at, entry } of await this.#read(seqs)) {
          if (matchesJournalQuery(entry, query)) yield { entry, cursor: this.#cursor(at) }
          seq = at
          if (signal.aborted) return
        }
        if (seqs.length < READ_ROUND) seq = visible
      }
      if (seq < this.#visibleSeq) continue
      await Promise.race([this.#appended.promise, stopped])
    }
  }

  close(): Promise<void> {
    // Every caller waits for the same close: the lock is released when any of them resolves.
    this.#closing ??= this.#close()
    return this.#closing
  }

  async #close(): Promise<void> {
    this.#closed = true
    try {
      await this.#chain.catch(() => {})
      await this.#syncer.flush().catch(() => {})
    } finally {
      this.#appended.resolve()
      await Promise.all(this.#segments.map((s) => s.handle.close().catch(() => {})))
      await this.#lock.release()
    }
  }

  /** Drops whole old segments past the retention settings; never the newest. */
  async applyRetention(): Promise<void> {
    const { maxAgeMs, maxEntries } = this.#settings.retention ?? {}
    if (maxAgeMs === undefined && maxEntries === undefined) return
    const now = Date.now()
    let kept = this.#segments.reduce((sum, s) => sum + s.count, 0)
    const dropped: Segment[] = []
    while (this.#segments.length > 1) {
      const oldest = this.#segments[0] as Segment
      const old = maxAgeMs !== undefined && now - oldest.newestTime > maxAgeMs
      const beyond = maxEntries !== undefined && kept - oldest.count >= maxEntries
      if (!old && !beyond) break
      this.#segments.shift()
      kept -= oldest.count
      dropped.push(oldest)
    }
    if (dropped.length === 0) return
    // The index first, in the same turn: no reader picks a dropped entry from now on. Reads
    // already started on a dropped segment finish: close waits for them, and the data of an
    // unlinked file stays until its last handle closes.
    this.#index.dropBefore((this.#segments[0] as Segment).firstSeq)
    for (const segment of dropped) {
      await segment.handle.close()
      await unlink(segment.path)
    }
  }

  #checkOpen(): void {
    if (this.#closed) throw new CapstanError('UNAVAILABLE', { message: `The file journal in ${this.#settings.dir} is closed`, details: { reason: 'closed' }, retryable: false })
  }

  #cursor(seq: number): string {
    return encodeCursor({ store: this.id, seq })
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(work)
    this.#chain = run.catch(() => {})
    return run
  }

  /** Writes the entries not stored yet as one write, after rotating a full segment; indexes them. */
  async #write(entries: readonly JournalEntry[]): Promise<number> {
    if (this.#broken !== undefined) throw new CapstanError('UNAVAILABLE', { message: `The file journal in ${this.#settings.dir} refuses appends after a write it could not undo; reopen it`, details: { reason: 'journal-broken' }, cause: this.#broken, retryable: false })
    const fresh = await this.#notStored(entries)
    if (fresh.length === 0) return 0
    let seq = this.#index.nextSeq
    const lines = fresh.map(({ entry }, i) => {
      try {
        return JSON.stringify({ seq: seq + i, entry })
      } catch (error) {
        throw new CapstanError('VALIDATION_ERROR', { message: `The journal entry ${JSON.stringify(entry.id)} is not JSON (a BigInt or a cycle in its body?): append entries parsed with JournalEntry`, details: { field: `entries.${entries.indexOf(entry)}` }, cause: error })
      }
    })
    const lengths = lines.map((line) => Buffer.byteLength(line))
    const bytes = Buffer.from(`${lines.join('\n')}\n`)
    let segment = this.#segments[this.#segments.length - 1] as Segment
    if (segment.size > 0 && segment.size + bytes.length > this.#settings.maxSegmentBytes) segment = await this.#rotate(seq)
    if (segment.size + bytes.length > 0xffff_ffff) throw new CapstanError('VALIDATION_ERROR', { message: 'One append of more than 4 GiB: append in smaller batches', details: { field: 'entries' } })
    await this.#writeAll(segment, bytes)
    let offset = segment.size
    for (const [i, { entry, id }] of fresh.entries()) {
      const added = this.#index.add(entry, { offset, length: lengths[i] as number }, id)
      offset += (lengths[i] as number) + 1
      segment.newestTime = Math.max(segment.newestTime, this.#index.timeOf(added))
      seq += 1
    }
    segment.size += bytes.length
    segment.count += fresh.length
    this.#writtenSeq = seq - 1
    return fresh.length
  }

  /** The entries whose ids are neither stored nor earlier in the batch; a hash hit is checked on disk. */
  async #notStored(entries: readonly JournalEntry[]): Promise<Array<{ entry: JournalEntry; id: IdHash }>> {
    const hashes = entries.map((entry) => idHash(entry.id))
    const candidates = hashes.flatMap((hash) => this.#index.idCandidates(hash))
    const stored = new Set((await this.#read(candidates)).map(({ entry }) => entry.id))
    const fresh: Array<{ entry: JournalEntry; id: IdHash }> = []
    for (const [i, entry] of entries.entries()) {
      if (stored.has(entry.id)) continue
      stored.add(entry.id)
      fresh.push({ entry, id: hashes[i] as IdHash })
    }
    return fresh
  }

  /** One write of the whole batch at the segment's end; a failed write is cut off again, so no torn line stays. */
  async #writeAll(segment: Segment, bytes: Buffer): Promise<void> {
    try {
      for (let done = 0; done < bytes.length; ) done += (await segment.handle.write(bytes, done, bytes.length - done)).bytesWritten
    } catch (error) {
      await segment.handle.truncate(segment.size).catch((undo: unknown) => (this.#broken = undo))
      throw new CapstanError('UNAVAILABLE', { message: `Could not write to the journal segment ${segment.path}`, details: { reason: 'journal-write-failed' }, cause: error })
    }
  }

  /** Syncs the full segment and starts the next one at `firstSeq`; drops old segments past retention. */
  async #rotate(firstSeq: number): Promise<Segment> {
    const full = this.#segments[this.#segments.length - 1] as Segment
    await full.handle.datasync()
    const path = join(this.#settings.dir, segmentName(firstSeq))
    const segment: Segment = { firstSeq, path, handle: await open(path, 'a+'), size: 0, count: 0, newestTime: -Infinity }
    await syncDir(this.#settings.dir)
    this.#segments.push(segment)
    await this.applyRetention()
    return segment
  }

  /** One fsync of the newest segment (older ones were synced when they filled); then the entries written before it are visible. */
  async #sync(): Promise<void> {
    const upTo = this.#writtenSeq
    const segment = this.#segments[this.#segments.length - 1] as Segment
    try {
      await segment.handle.datasync()
    } catch (error) {
      throw new CapstanError('UNAVAILABLE', { message: `Could not sync the journal segment ${segment.path}`, details: { reason: 'journal-sync-failed' }, cause: error })
    }
    if (upTo > this.#visibleSeq) {
      this.#visibleSeq = upTo
      this.#appended.resolve()
      this.#appended = wakeUp()
    }
  }

  /** The stored entries at these sequence numbers (those still kept), read in parallel, in the order given. */
  async #read(seqs: readonly number[]): Promise<Array<{ seq: number; entry: JournalEntry }>> {
    // Where each is, in this turn (before retention can drop a segment); the reads start in it too.
    const located: LineToRead[] = []
    const paths = new Map<number, string>()
    for (const seq of seqs) {
      const location = this.#index.location(seq)
      const segment = location === undefined ? undefined : this.#segmentOf(seq)
      if (location === undefined || segment === undefined) continue
      located.push({ key: seq, handle: segment.handle, ...location })
      paths.set(seq, segment.path)
    }
    let texts: Map<number, string>
    try {
      texts = await readLines(located)
    } catch (error) {
      // A read that lost the race with close: say so, not EBADF.
      if (this.#closed) this.#checkOpen()
      throw error
    }
    return located.map(({ key: seq, offset }) => {
      const line = parseLine(texts.get(seq) ?? '')
      if (line === undefined || line.seq !== seq) throw damaged(paths.get(seq) ?? '', offset, `the entry ${seq} is not where the index has it`)
      return { seq, entry: line.entry }
    })
  }

  /** The segment holding `seq` (binary search on first sequence numbers). */
  #segmentOf(seq: number): Segment | undefined {
    let low = 0
    let high = this.#segments.length - 1
    while (low < high) {
      const mid = (low + high + 1) >>> 1
      if ((this.#segments[mid] as Segment).firstSeq <= seq) low = mid
      else high = mid - 1
    }
    const segment = this.#segments[low]
    return segment !== undefined && segment.firstSeq <= seq ? segment : undefined
  }
}
