import type { ExecutionEvent } from '../../capabilities/models/execution-event.js'
import { LiveWindow } from './live-window.js'
import type { OutputEntry } from './output-entry.js'
import type { OutputGap } from './output-gap.js'
import type { StreamCursor } from './stream-cursor.js'

/** A stored event; output carries its offsets so consumers can account for it. */
type StoredEntry = { readonly event: ExecutionEvent; readonly key?: undefined } | OutputEntry

/**
 * What an execution stream holds, and how any consumer walks it. Every event
 * ever pushed is, at any time, in exactly one of three places:
 * - `history`: stored events, kept for replay (everything but output past the cap);
 * - the live window: recent output past the cap, kept for consumers still reading it;
 * - a gap: output past the cap that left the window, remembered only as byte runs.
 * All three are ordered by seq and evicted output leaves the window oldest
 * first, so a consumer merges them by seq and sees each event once, with
 * `output:dropped` where it lost output.
 */
export class StreamLog {
  readonly #executionId: string
  readonly #history: StoredEntry[] = []
  readonly #window = new LiveWindow()
  /**
   * Gaps by stretch: the gaps between `history[i - 1]` and `history[i]` live
   * under key `i`, one per node+stream. A run only ends at a stored event,
   * so interleaved output of many nodes does not split runs.
   */
  readonly #gaps = new Map<number, Map<string, OutputGap>>()
  /** The stretch that evicted output currently goes to. */
  #frontier = 0

  constructor(executionId: string) {
    this.#executionId = executionId
  }

  /** The live window, for the stream's eviction and backpressure decisions. */
  get window(): LiveWindow {
    return this.#window
  }

  /** Keeps an event for replay. */
  store(entry: StoredEntry): void {
    this.#history.push(entry)
  }

  /** Offers output past the cap to consumers that keep up. */
  goLive(entry: OutputEntry): void {
    this.#window.append(entry)
  }

  /** Moves the oldest live output into the gap records; its text is released. */
  evictOldest(): void {
    const entry = this.#window.shift()
    if (entry === undefined) return
    const { seq, timestamp, node, stream } = entry.event
    while ((this.#history[this.#frontier]?.event.seq ?? Infinity) < seq) this.#frontier += 1
    let stretch = this.#gaps.get(this.#frontier)
    if (stretch === undefined) {
      stretch = new Map()
      this.#gaps.set(this.#frontier, stretch)
    }
    const gap = stretch.get(entry.key)
    if (gap === undefined) {
      const startOffset = entry.endOffset - entry.bytes
      stretch.set(entry.key, { node, stream, key: entry.key, firstSeq: seq, lastSeq: seq, lastTimestamp: timestamp, startOffset, endOffset: entry.endOffset })
    } else {
      gap.lastSeq = seq
      gap.lastTimestamp = timestamp
      gap.endOffset = entry.endOffset
    }
  }

  /**
   * The next event for a cursor, advancing it; `undefined` when it has seen
   * everything pushed so far. Of the three places, the one with the lowest
   * seq wins, so seqs a consumer sees strictly increase.
   */
  next(cursor: StreamCursor): ExecutionEvent | undefined {
    const stored = this.#history[cursor.historyIndex]
    const liveIndex = Math.max(cursor.windowIndex, this.#window.headIndex)
    const live = this.#window.at(liveIndex)
    const gap = this.#nextGap(cursor)
    const storedSeq = stored?.event.seq ?? Infinity
    const liveSeq = live?.event.seq ?? Infinity
    if (gap !== undefined && gap.lastSeq < storedSeq && gap.lastSeq < liveSeq) {
      const bytes = gap.endOffset - Math.max(gap.startOffset, cursor.offsets.get(gap.key) ?? 0)
      cursor.offsets.set(gap.key, gap.endOffset)
      cursor.nextSeq = gap.lastSeq + 1
      // The seq of the last chunk it replaces keeps seqs increasing for this consumer.
      return { executionId: this.#executionId, seq: gap.lastSeq, timestamp: gap.lastTimestamp, type: 'output:dropped', node: gap.node, stream: gap.stream, bytes }
    }
    if (live !== undefined && liveSeq < storedSeq) {
      cursor.windowIndex = liveIndex + 1
      cursor.offsets.set(live.key, live.endOffset)
      cursor.nextSeq = liveSeq + 1
      return live.event
    }
    if (stored === undefined) return undefined
    cursor.historyIndex += 1
    if (stored.key !== undefined) cursor.offsets.set(stored.key, stored.endOffset)
    cursor.nextSeq = storedSeq + 1
    return stored.event
  }

  /**
   * The earliest gap of the cursor's stretch that still holds output the
   * cursor has not accounted for. Offsets, not seqs, decide what is missing:
   * a run may have grown since the cursor passed part of it.
   */
  #nextGap(cursor: StreamCursor): OutputGap | undefined {
    const stretch = this.#gaps.get(cursor.historyIndex)
    if (stretch === undefined) return undefined
    let earliest: OutputGap | undefined
    for (const gap of stretch.values()) {
      if (gap.lastSeq < cursor.nextSeq || gap.endOffset <= (cursor.offsets.get(gap.key) ?? 0)) continue
      if (earliest === undefined || gap.lastSeq < earliest.lastSeq) earliest = gap
    }
    return earliest
  }
}
