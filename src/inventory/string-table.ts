/** Seeds every table's hash, so which names collide differs from process to process. */
const seed = (Math.random() * 0x100000000) >>> 0

/**
 * A map from strings to values for one linking pass over a large inventory:
 * open addressing with linear probing over an `Int32Array`, sized once from
 * the number of keys expected (and grown if more arrive). V8's `Map` slows
 * down several-fold once it holds tens of thousands of keys, which is the
 * size of every inventory worth linking fast.
 */
export class StringTable<V extends {} | null> {
  #slots: Int32Array
  #mask: number
  readonly #keys: string[] = []
  readonly #values: V[] = []

  /** A table for about `expected` keys. */
  constructor(expected: number) {
    const capacity = capacityFor(expected)
    this.#slots = new Int32Array(capacity)
    this.#mask = capacity - 1
  }

  /** How many keys the table holds. */
  get size(): number {
    return this.#keys.length
  }

  /** The value of `key`, or undefined when it has none. */
  get(key: string): V | undefined {
    const entry = this.#find(key)
    return entry < 0 ? undefined : this.#values[entry]
  }

  /** True when `key` has a value. */
  has(key: string): boolean {
    return this.#find(key) >= 0
  }

  /** Sets the value of `key`, adding the key when it is new. */
  set(key: string, value: V): this {
    const slot = this.#slotOf(key)
    const held = this.#slots[slot]!
    if (held === 0) this.#add(slot, key, value)
    else this.#values[held - 1] = value
    return this
  }

  /**
   * The value of `key` when it has one (left as it is); otherwise adds `key`
   * with `value` and returns undefined. One lookup where `get` then `set`
   * would take two.
   */
  setIfAbsent(key: string, value: V): V | undefined {
    const slot = this.#slotOf(key)
    const held = this.#slots[slot]!
    if (held !== 0) return this.#values[held - 1]
    this.#add(slot, key, value)
    return undefined
  }

  /** The slot that holds `key`, or the empty one where it would go. */
  #slotOf(key: string): number {
    const slots = this.#slots
    let slot = hashOf(key) & this.#mask
    for (let held = slots[slot]!; held !== 0 && this.#keys[held - 1] !== key; held = slots[slot]!) slot = (slot + 1) & this.#mask
    return slot
  }

  #add(slot: number, key: string, value: V): void {
    this.#keys.push(key)
    this.#values.push(value)
    this.#slots[slot] = this.#keys.length
    // Linear probing stays short while at most half the slots are taken.
    if (this.#keys.length * 2 > this.#slots.length) this.#grow()
  }

  /** The entry holding `key`, or -1. */
  #find(key: string): number {
    return this.#slots[this.#slotOf(key)]! - 1
  }

  #grow(): void {
    const slots = new Int32Array(this.#slots.length * 2)
    const mask = slots.length - 1
    for (let entry = 0; entry < this.#keys.length; entry++) {
      let slot = hashOf(this.#keys[entry]!) & mask
      while (slots[slot] !== 0) slot = (slot + 1) & mask
      slots[slot] = entry + 1
    }
    this.#slots = slots
    this.#mask = mask
  }
}

/** The smallest power of two that keeps `expected` keys at most half the slots (at least 16). */
function capacityFor(expected: number): number {
  let capacity = 16
  while (capacity < expected * 2) capacity *= 2
  return capacity
}

/** FNV-1a over UTF-16 code units, from the process's seed. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5 ^ seed
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193)
  return hash >>> 0
}
