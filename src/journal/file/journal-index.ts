import type { JournalEntry } from '../journal-entry.js'
import type { JournalFilter } from '../matches-journal-query.js'
import { hash32, hash32b, optionalHash } from './string-hash.js'

/** Strings kept once each, numbered from 1 (0: none). */
class Interner {
  readonly #ids = new Map<string, number>()
  id(text: string): number {
    let id = this.#ids.get(text)
    if (id === undefined) {
      id = this.#ids.size + 1
      this.#ids.set(text, id)
    }
    return id
  }
  find(text: string): number | undefined {
    return this.#ids.get(text)
  }
}

/** A node's entries: their sequence numbers, ascending. */
interface Postings {
  seqs: Uint32Array
  count: number
}

/** A query's filters in the index's terms (execution and actor as hashes: a match is checked again on the entry). */
export interface IndexFilter {
  node: number | undefined
  /** The interned ids of `nodes` (the nodes within a principal's reach), when given. */
  nodes: Set<number> | undefined
  kinds: Set<number> | undefined
  execution: number
  actor: number
  since: number
  until: number
}

/** An id's 64-bit hash, in two halves: computed once per appended entry. */
export interface IdHash {
  hi: number
  lo: number
}

/** The 64-bit hash the index keeps of an id. */
export function idHash(id: string): IdHash {
  return { hi: hash32(id), lo: hash32b(id) }
}

/** Where an entry's line is in its segment. */
export interface EntryLocation {
  offset: number
  length: number
}

const NO_MATCH = 'no-match' as const
/** Entries per block of the time summary: the oldest and newest time of each block of positions. */
const BLOCK = 1024
const MAX_SEQ = 0xffff_ffff

function grown<T extends Uint32Array | Float64Array>(array: T, capacity: number): T {
  const next = new (array.constructor as new (n: number) => T)(capacity)
  next.set(array)
  return next
}

/**
 * The file store's in-memory index: per entry, in typed arrays by position
 * (sequence number minus the first kept one), where its line is, its time,
 * node and kind (interned), execution and actor (32-bit hashes, checked on
 * the entry read from disk) and its id's 64-bit hash; per node, the sequence
 * numbers of its entries; per execution, a chain from its newest entry back;
 * per block of 1,024 entries, its time span; and an open-addressing hash set
 * of ids (a hash hit is checked on disk). About 55 bytes an entry; no entry
 * is kept whole.
 */
export class JournalIndex {
  #base: number
  #count = 0
  #offset = new Uint32Array(1024)
  #length = new Uint32Array(1024)
  #time = new Float64Array(1024)
  #node = new Uint32Array(1024)
  #kind = new Uint32Array(1024)
  #execution = new Uint32Array(1024)
  #actor = new Uint32Array(1024)
  #idHi = new Uint32Array(1024)
  #idLo = new Uint32Array(1024)
  /** Per block of {@link BLOCK} positions, its earliest and latest time: a time-range scan skips blocks out of range. */
  #blockMin = new Float64Array(1)
  #blockMax = new Float64Array(1)
  readonly #nodes = new Interner()
  readonly #kinds = new Interner()
  /** By node number. */
  readonly #postings: Postings[] = []
  /** Open addressing, linear probing: a sequence number per slot, 0 for empty. */
  #idSlots = new Uint32Array(2048)
  /** Per entry: the sequence number of the entry before it with the same execution hash (0: none). */
  #executionPrevious = new Uint32Array(1024)
  /** Open addressing, pairs (execution hash, newest sequence number of it); hash 0 for empty. */
  #executionSlots = new Uint32Array(2048)
  #executions = 0

  /** `firstSeq`: the sequence number the first entry added will have. */
  constructor(firstSeq: number) {
    this.#base = firstSeq
  }

  /** The sequence number of the oldest entry kept. */
  get firstSeq(): number {
    return this.#base
  }

  /** The sequence number the next entry gets. */
  get nextSeq(): number {
    return this.#base + this.#count
  }

  /** Adds the next entry (its sequence number is {@link JournalIndex.nextSeq}). */
  add(entry: JournalEntry, location: EntryLocation, id: IdHash = idHash(entry.id)): number {
    const seq = this.nextSeq
    if (seq > MAX_SEQ) throw new RangeError('the journal holds 4,294,967,295 sequence numbers; start a new directory')
    if (this.#count === this.#offset.length) this.#grow(this.#count * 2)
    const at = this.#count
    this.#offset[at] = location.offset
    this.#length[at] = location.length
    const time = Date.parse(entry.time)
    this.#time[at] = time
    this.#summarise(at, time)
    const node = this.#nodes.id(entry.node)
    this.#node[at] = node
    this.#kind[at] = this.#kinds.id(entry.kind)
    const execution = optionalHash(entry.executionId)
    this.#execution[at] = execution
    this.#executionPrevious[at] = execution === 0 ? 0 : this.#chainExecution(execution, seq)
    this.#actor[at] = optionalHash(entry.actor)
    this.#idHi[at] = id.hi
    this.#idLo[at] = id.lo
    this.#count += 1
    const postings = (this.#postings[node] ??= { seqs: new Uint32Array(8), count: 0 })
    if (postings.count === postings.seqs.length) postings.seqs = grown(postings.seqs, postings.count * 2)
    postings.seqs[postings.count] = seq
    postings.count += 1
    if (this.#count * 10 > this.#idSlots.length * 7) this.#rebuildIds(this.#idSlots.length * 2)
    else this.#insertId(seq)
    return seq
  }

  /** The entry's time (ms), NaN when it is not kept. */
  timeOf(seq: number): number {
    const at = seq - this.#base
    return at >= 0 && at < this.#count ? (this.#time[at] as number) : NaN
  }

  /** Where the entry is, or undefined when it is not kept. */
  location(seq: number): EntryLocation | undefined {
    const at = seq - this.#base
    if (at < 0 || at >= this.#count) return undefined
    return { offset: this.#offset[at] as number, length: this.#length[at] as number }
  }

  /** The entries whose id hashes like `id` (almost always none or the one): read them to be sure. */
  idCandidates({ hi, lo }: IdHash): number[] {
    const mask = this.#idSlots.length - 1
    const found: number[] = []
    for (let slot = lo & mask; ; slot = (slot + 1) & mask) {
      const seq = this.#idSlots[slot] as number
      if (seq === 0) return found
      const at = seq - this.#base
      if (this.#idHi[at] === hi && this.#idLo[at] === lo) found.push(seq)
    }
  }

  /** A query's filters in index terms, or `no-match` when no kept entry can match (a node or kind never seen). */
  compile(query: JournalFilter): IndexFilter | typeof NO_MATCH {
    let node: number | undefined
    if (query.node !== undefined) {
      node = this.#nodes.find(query.node)
      if (node === undefined) return NO_MATCH
    }
    let nodes: Set<number> | undefined
    if (query.nodes !== undefined) {
      nodes = new Set(query.nodes.map((name) => this.#nodes.find(name)).filter((id) => id !== undefined))
      if (nodes.size === 0) return NO_MATCH
    }
    let kinds: Set<number> | undefined
    if (query.kinds !== undefined) {
      kinds = new Set(query.kinds.map((kind) => this.#kinds.find(kind)).filter((id) => id !== undefined))
      if (kinds.size === 0) return NO_MATCH
    }
    return {
      node,
      nodes,
      kinds,
      execution: optionalHash(query.executionId),
      actor: optionalHash(query.actor),
      since: query.since === undefined ? -Infinity : Date.parse(query.since),
      until: query.until === undefined ? Infinity : Date.parse(query.until),
    }
  }

  /** Up to `max` sequence numbers below `below` whose index fields match, newest first. */
  newestFirst(filter: IndexFilter | typeof NO_MATCH, below: number, max: number): number[] {
    const found: number[] = []
    if (filter === NO_MATCH) return found
    if (filter.node !== undefined) {
      const postings = this.#postings[filter.node]
      if (postings === undefined) return found
      for (let i = firstAtOrAbove(postings, below) - 1; i >= 0 && found.length < max; i -= 1) {
        const seq = postings.seqs[i] as number
        if (seq < this.#base) break
        if (this.#matches(seq - this.#base, filter)) found.push(seq)
      }
      return found
    }
    if (filter.execution !== 0) {
      // Newest first along the execution's chain.
      for (let seq = this.#newestOfExecution(filter.execution); seq >= this.#base && found.length < max; seq = this.#executionPrevious[seq - this.#base] as number) {
        if (seq < below && this.#matches(seq - this.#base, filter)) found.push(seq)
      }
      return found
    }
    const timed = filter.since !== -Infinity || filter.until !== Infinity
    for (let at = Math.min(below - this.#base, this.#count) - 1; at >= 0 && found.length < max; at -= 1) {
      // A whole block out of the time range: on to the block before it.
      if (timed && this.#outOfRange((at / BLOCK) | 0, filter)) at = ((at / BLOCK) | 0) * BLOCK
      else if (this.#matches(at, filter)) found.push(at + this.#base)
    }
    return found
  }

  /** Up to `max` sequence numbers after `after` and at most `upTo` whose index fields match, oldest first. */
  oldestFirst(filter: IndexFilter | typeof NO_MATCH, after: number, upTo: number, max: number): number[] {
    const found: number[] = []
    if (filter === NO_MATCH) return found
    const last = Math.min(upTo, this.nextSeq - 1)
    if (filter.node !== undefined) {
      const postings = this.#postings[filter.node]
      if (postings === undefined) return found
      for (let i = firstAtOrAbove(postings, Math.max(after + 1, this.#base)); i < postings.count && found.length < max; i += 1) {
        const seq = postings.seqs[i] as number
        if (seq > last) break
        if (this.#matches(seq - this.#base, filter)) found.push(seq)
      }
      return found
    }
    const timed = filter.since !== -Infinity || filter.until !== Infinity
    for (let seq = Math.max(after + 1, this.#base); seq <= last && found.length < max; seq += 1) {
      const at = seq - this.#base
      // A whole block out of the time range: on to the block after it.
      if (timed && this.#outOfRange((at / BLOCK) | 0, filter)) seq += BLOCK - 1 - (at % BLOCK)
      else if (this.#matches(at, filter)) found.push(seq)
    }
    return found
  }

  /** Forgets the entries before `seq` (their segments were dropped). */
  dropBefore(seq: number): void {
    const drop = Math.min(Math.max(0, seq - this.#base), this.#count)
    if (drop === 0) return
    for (const column of [this.#offset, this.#length, this.#time, this.#node, this.#kind, this.#execution, this.#actor, this.#idHi, this.#idLo]) column.copyWithin(0, drop, this.#count)
    this.#count -= drop
    this.#base += drop
    for (let at = 0; at < this.#count; at += 1) this.#summarise(at, this.#time[at] as number)
    for (const postings of this.#postings) {
      if (postings === undefined) continue
      const from = firstAtOrAbove(postings, this.#base)
      postings.seqs.copyWithin(0, from, postings.count)
      postings.count -= from
    }
    this.#rebuildIds(this.#idSlots.length)
    this.#executionPrevious.copyWithin(0, drop, drop + this.#count)
    this.#executionSlots.fill(0)
    this.#executions = 0
    for (let at = 0; at < this.#count; at += 1) {
      const execution = this.#execution[at] as number
      // The chains keep their links; one into dropped entries ends the walk (below the first kept).
      if (execution !== 0) this.#chainExecution(execution, at + this.#base)
    }
  }

  #matches(at: number, filter: IndexFilter): boolean {
    if (filter.nodes !== undefined && !filter.nodes.has(this.#node[at] as number)) return false
    if (filter.kinds !== undefined && !filter.kinds.has(this.#kind[at] as number)) return false
    if (filter.execution !== 0 && this.#execution[at] !== filter.execution) return false
    if (filter.actor !== 0 && this.#actor[at] !== filter.actor) return false
    if (filter.since === -Infinity && filter.until === Infinity) return true
    const time = this.#time[at] as number
    return time >= filter.since && time < filter.until
  }

  /** Takes `time` of position `at` into its block's earliest and latest (a NaN time makes the block never skipped). */
  #summarise(at: number, time: number): void {
    const block = (at / BLOCK) | 0
    if (block >= this.#blockMin.length) {
      this.#blockMin = grown(this.#blockMin, this.#blockMin.length * 2)
      this.#blockMax = grown(this.#blockMax, this.#blockMax.length * 2)
    }
    const first = at % BLOCK === 0
    this.#blockMin[block] = first ? time : Math.min(this.#blockMin[block] as number, time)
    this.#blockMax[block] = first ? time : Math.max(this.#blockMax[block] as number, time)
  }

  /** Whether every entry of the block is outside the filter's time range. */
  #outOfRange(block: number, filter: IndexFilter): boolean {
    return (this.#blockMax[block] as number) < filter.since || (this.#blockMin[block] as number) >= filter.until
  }

  #grow(capacity: number): void {
    this.#offset = grown(this.#offset, capacity)
    this.#length = grown(this.#length, capacity)
    this.#time = grown(this.#time, capacity)
    this.#node = grown(this.#node, capacity)
    this.#kind = grown(this.#kind, capacity)
    this.#execution = grown(this.#execution, capacity)
    this.#actor = grown(this.#actor, capacity)
    this.#idHi = grown(this.#idHi, capacity)
    this.#idLo = grown(this.#idLo, capacity)
    this.#executionPrevious = grown(this.#executionPrevious, capacity)
  }

  /** Makes `seq` the newest of its execution's chain; returns the one it follows (0: none). */
  #chainExecution(execution: number, seq: number): number {
    if ((this.#executions + 1) * 2 > this.#executionSlots.length / 2) {
      const old = this.#executionSlots
      this.#executionSlots = new Uint32Array(old.length * 2)
      for (let from = 0; from < old.length; from += 2) {
        const hash = old[from] as number
        if (hash === 0) continue
        const to = this.#executionSlotOf(hash)
        this.#executionSlots[to] = hash
        this.#executionSlots[to + 1] = old[from + 1] as number
      }
    }
    const slot = this.#executionSlotOf(execution)
    const previous = this.#executionSlots[slot + 1] as number
    if (this.#executionSlots[slot] === 0) {
      this.#executionSlots[slot] = execution
      this.#executions += 1
    }
    this.#executionSlots[slot + 1] = seq
    return previous
  }

  /** The newest sequence number of an execution hash, 0 when none. */
  #newestOfExecution(execution: number): number {
    const slot = this.#executionSlotOf(execution)
    return this.#executionSlots[slot] === 0 ? 0 : (this.#executionSlots[slot + 1] as number)
  }

  /** The slot (index of the pair) holding this execution hash, or the empty one it would take. */
  #executionSlotOf(execution: number): number {
    const pairs = this.#executionSlots.length / 2
    let pair = execution & (pairs - 1)
    while (this.#executionSlots[pair * 2] !== 0 && this.#executionSlots[pair * 2] !== execution) pair = (pair + 1) & (pairs - 1)
    return pair * 2
  }

  #insertId(seq: number): void {
    const mask = this.#idSlots.length - 1
    let slot = (this.#idLo[seq - this.#base] as number) & mask
    while (this.#idSlots[slot] !== 0) slot = (slot + 1) & mask
    this.#idSlots[slot] = seq
  }

  #rebuildIds(size: number): void {
    this.#idSlots = new Uint32Array(size)
    for (let at = 0; at < this.#count; at += 1) this.#insertId(at + this.#base)
  }
}

/** The index of the first of a node's sequence numbers at or above `seq` (binary search). */
function firstAtOrAbove(postings: Postings, seq: number): number {
  let low = 0
  let high = postings.count
  while (low < high) {
    const mid = (low + high) >>> 1
    if ((postings.seqs[mid] as number) < seq) low = mid + 1
    else high = mid
  }
  return low
}
