import { describe, expect, it } from 'vitest'
import { sortedUnique } from '../../src/inventory/sorted-unique.js'

const naive = (values: readonly string[]) => [...new Set(values)].sort()

describe('sortedUnique', () => {
  it.each([
    [[]],
    [['b', 'a', 'b']],
    [['z', 'Z', 'é', 'e', 'a', 'a']],
    [Array.from({ length: 16 }, (_, i) => `v${(i * 7) % 5}`)],
    [Array.from({ length: 17 }, (_, i) => `v${(i * 7) % 11}`)],
    [Array.from({ length: 200 }, (_, i) => `host-${(i * 31) % 97}`)],
  ])('sorts by code unit and drops repeats (%#)', (values) => {
    expect(sortedUnique(values)).toEqual(naive(values))
  })

  it('returns a new array and leaves its input alone', () => {
    for (const size of [3, 40]) {
      const input = Array.from({ length: size }, (_, i) => String(size - i))
      const before = [...input]
      const out = sortedUnique(input)
      expect(out).not.toBe(input)
      expect(input).toEqual(before)
    }
  })

  it('matches the naive answer on random lists around the insertion-sort limit', () => {
    let state = 7
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0)
    for (let round = 0; round < 500; round++) {
      const values = Array.from({ length: next() % 34 }, () => String.fromCharCode(97 + (next() % 6), 65 + (next() % 3)))
      expect(sortedUnique(values)).toEqual(naive(values))
    }
  })
})
