import type { OutputEntry } from './output-entry.js'

interface Slot {
  readonly entry: OutputEntry
  /** Live bytes appended before this entry, so any suffix's size is one subtraction. */
  readonly before: number
}

/** Below this many spent slots, compacting would cost more than the slots it frees. */
const COMPACT_AFTER = 1024

/**
 * The recent output that is past the stored-output cap but may still reach
 * consumers that keep up: a FIFO of output entries with absolute indices, so
 * a consumer can hold its place while older entries leave. The stream
 * decides what leaves; this only keeps order, sizes and indices.
 */
export class LiveWindow {
  #slots: Array<Slot | undefined> = []
  /** Array position of the oldest slot; spent slots before it are cleared so their chunks can be collected. */
  #first = 0
  #headIndex = 0
  #appendedBytes = 0

  /** Absolute index of the oldest entry still held. */
  get headIndex(): number {
    return this.#headIndex
  }

  /** Absolute index the next appended entry will get. */
  get tailIndex(): number {
    return this.#headIndex + this.size
  }

  /** Number of entries held. */
  get size(): number {
    return this.#slots.length - this.#first
  }

  /** UTF-8 bytes held. */
  get bytes(): number {
    return this.bytesFrom(this.#headIndex)
  }

  /** The most recently appended entry still held. */
  get newest(): OutputEntry | undefined {
    return this.size === 0 ? undefined : this.#slots[this.#slots.length - 1]?.entry
  }

  /** The entry at an absolute index, if still held. */
  at(index: number): OutputEntry | undefined {
    if (index < this.#headIndex) return undefined
    return this.#slots[this.#first + index - this.#headIndex]?.entry
  }

  /** Bytes held from an absolute index (or the head, if older) to the end. */
  bytesFrom(index: number): number {
    const slot = this.#slots[this.#first + Math.max(index, this.#headIndex) - this.#headIndex]
    return slot === undefined ? 0 : this.#appendedBytes - slot.before
  }

  /** Adds the newest entry. */
  append(entry: OutputEntry): void {
    this.#slots.push({ entry, before: this.#appendedBytes })
    this.#appendedBytes += entry.bytes
  }

  /** Removes and returns the oldest entry. */
  shift(): OutputEntry | undefined {
    const slot = this.#slots[this.#first]
    if (slot === undefined) return undefined
    this.#slots[this.#first] = undefined
    this.#first += 1
    this.#headIndex += 1
    if (this.#first === this.#slots.length) {
      this.#slots = []
      this.#first = 0
    } else if (this.#first >= COMPACT_AFTER && this.#first * 2 >= this.#slots.length) {
      // Array#shift is O(n); dropping the spent prefix now and then keeps removal O(1) amortised.
      this.#slots = this.#slots.slice(this.#first)
      this.#first = 0
    }
    return slot.entry
  }
}
