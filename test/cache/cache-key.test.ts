import { describe, expect, it } from 'vitest'
import { cacheKey } from '../../src/cache/cache-key.js'

describe('cacheKey', () => {
  it('ignores object key order at every depth', () => {
    expect(cacheKey('x', { a: 1, b: { d: [1, { f: 1, e: 2 }], c: 2 } })).toBe(cacheKey('x', { b: { c: 2, d: [1, { e: 2, f: 1 }] }, a: 1 }))
  })

  it('keeps parts apart whatever they contain', () => {
    expect(cacheKey('a,b', 'c')).not.toBe(cacheKey('a', 'b,c'))
    expect(cacheKey('a', undefined)).not.toBe(cacheKey('a'))
  })
})
