/** A place in a {@link WaitList}, returned by `insert` and used to remove that value. */
export interface WaitListEntry<T> {
  /** The value waiting. */
  readonly value: T
  /** Nodes this entry stands for. */
  readonly weight: number
  /** Higher is served first. */
  readonly priority: number
}

/** A doubly linked entry; links are private so only the list can rewire them. */
interface Link<T> extends WaitListEntry<T> {
  prev: Link<T> | undefined
  next: Link<T> | undefined
  listed: boolean
}

/**
 * Values waiting in order: highest priority first, first in first out within a
 * priority. Keeps the total weight so a queue bound is checked in O(1).
 *
 * A linked list rather than an array: the common case (one priority) inserts
 * at the tail and removes at the head or anywhere (an abort) in O(1), so ten
 * thousand queued nodes cost no copying on every grant.
 *
 * Iterating while removing the entry just yielded is safe; the iterator has
 * already stepped past it.
 */
export class WaitList<T> {
  #head: Link<T> | undefined
  #tail: Link<T> | undefined
  #size = 0
  #weight = 0

  /** Entries waiting. */
  get size(): number {
    return this.#size
  }

  /** Sum of the weights of the entries waiting. */
  get weight(): number {
    return this.#weight
  }

  /**
   * Puts `value` behind every entry of equal or higher priority.
   *
   * @returns the entry (to remove it later) and the weight of the entries ahead of it.
   */
  insert(value: T, weight: number, priority: number): { entry: WaitListEntry<T>; ahead: number } {
    const link: Link<T> = { value, weight, priority, prev: undefined, next: undefined, listed: true }
    // Walk from the tail: a new entry usually belongs there, so this is O(1) unless it outranks others.
    let before = this.#tail
    let behind = 0
    while (before !== undefined && before.priority < priority) {
      behind += before.weight
      before = before.prev
    }
    const ahead = this.#weight - behind
    link.prev = before
    link.next = before === undefined ? this.#head : before.next
    if (link.prev === undefined) this.#head = link
    else link.prev.next = link
    if (link.next === undefined) this.#tail = link
    else link.next.prev = link
    this.#size += 1
    this.#weight += weight
    return { entry: link, ahead }
  }

  /** Removes `entry`; returns false when it was already removed. */
  remove(entry: WaitListEntry<T>): boolean {
    const link = entry as Link<T>
    if (!link.listed) return false
    link.listed = false
    if (link.prev === undefined) this.#head = link.next
    else link.prev.next = link.next
    if (link.next === undefined) this.#tail = link.prev
    else link.next.prev = link.prev
    link.prev = undefined
    link.next = undefined
    this.#size -= 1
    this.#weight -= link.weight
    return true
  }

  /** Entries in service order. */
  *[Symbol.iterator](): IterableIterator<WaitListEntry<T>> {
    let link = this.#head
    while (link !== undefined) {
      const next = link.next
      yield link
      link = next
    }
  }
}
