/**
 * Disjoint sets over the integers `0..size-1` (union by size, path halving),
 * so linking n records costs about O(n) instead of comparing every pair.
 */
export class UnionFind {
  readonly #parent: Int32Array
  readonly #size: Int32Array

  /** Creates `size` singleton sets. */
  constructor(size: number) {
    this.#parent = new Int32Array(size)
    this.#size = new Int32Array(size).fill(1)
    for (let i = 0; i < size; i++) this.#parent[i] = i
  }

  /** The representative of the set holding `i`. */
  find(i: number): number {
    const parent = this.#parent
    let x = i
    // Path halving: each step points a node at its grandparent, keeping trees shallow without recursion.
    while (parent[x] !== x) {
      const grand = parent[parent[x]!]!
      parent[x] = grand
      x = grand
    }
    return x
  }

  /** Joins the sets holding `a` and `b`; returns false when they were already one. */
  union(a: number, b: number): boolean {
    let ra = this.find(a)
    let rb = this.find(b)
    if (ra === rb) return false
    if (this.#size[ra]! < this.#size[rb]!) [ra, rb] = [rb, ra]
    this.#parent[rb] = ra
    this.#size[ra]! += this.#size[rb]!
    return true
  }
}
