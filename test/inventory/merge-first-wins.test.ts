import { describe, expect, it } from 'vitest'
import { mergeFirstWins } from '../../src/inventory/merge-first-wins.js'

describe('mergeFirstWins', () => {
  it('keeps the first value of each top-level key and fills gaps from later records', () => {
    expect(mergeFirstWins([{ a: 1, nested: { x: 1 } }, { a: 2, b: 2, nested: { y: 2 } }, { c: 3 }])).toEqual({ a: 1, nested: { x: 1 }, b: 2, c: 3 })
  })

  it('returns a new object, never one of the inputs', () => {
    const only = { a: 1 }
    expect(mergeFirstWins([only])).not.toBe(only)
  })
})
