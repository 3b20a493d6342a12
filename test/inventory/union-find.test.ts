import { describe, expect, it } from 'vitest'
import { UnionFind } from '../../src/inventory/union-find.js'

describe('UnionFind', () => {
  it('starts with singletons', () => {
    const sets = new UnionFind(3)
    expect([sets.find(0), sets.find(1), sets.find(2)]).toEqual([0, 1, 2])
  })

  it('joins transitively and reports redundant unions', () => {
    const sets = new UnionFind(5)
    expect(sets.union(0, 1)).toBe(true)
    expect(sets.union(3, 4)).toBe(true)
    expect(sets.union(1, 4)).toBe(true)
    expect(sets.union(0, 3)).toBe(false)
    expect(new Set([0, 1, 3, 4].map((i) => sets.find(i))).size).toBe(1)
    expect(sets.find(2)).toBe(2)
  })

  it('handles a long chain without deep recursion', () => {
    const size = 200_000
    const sets = new UnionFind(size)
    for (let i = 1; i < size; i++) sets.union(i - 1, i)
    expect(sets.find(0)).toBe(sets.find(size - 1))
  })
})
