import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { utf8Prefix } from '../../../src/execution/stream/utf8-prefix.js'

describe('utf8Prefix', () => {
  it('cuts before a multibyte character that does not fit', () => {
    expect(utf8Prefix('aé€😀', 1)).toEqual({ length: 1, bytes: 1 })
    expect(utf8Prefix('aé€😀', 2)).toEqual({ length: 1, bytes: 1 })
    expect(utf8Prefix('aé€😀', 3)).toEqual({ length: 2, bytes: 3 })
    expect(utf8Prefix('aé€😀', 9)).toEqual({ length: 3, bytes: 6 })
    expect(utf8Prefix('aé€😀', 10)).toEqual({ length: 5, bytes: 10 })
  })

  it('never splits a surrogate pair', () => {
    expect(utf8Prefix('😀😀', 7)).toEqual({ length: 2, bytes: 4 })
  })

  it('agrees with Buffer.byteLength and never exceeds the budget, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.nat(64), (text, budget) => {
        const { length, bytes } = utf8Prefix(text, budget)
        expect(bytes).toBe(Buffer.byteLength(text.slice(0, length)))
        expect(bytes).toBeLessThanOrEqual(budget)
        // Longest: the next character would not fit.
        if (length < text.length) {
          const next = text.codePointAt(length) as number
          const units = next > 0xffff ? 2 : 1
          expect(bytes + Buffer.byteLength(text.slice(length, length + units))).toBeGreaterThan(budget)
        }
      }),
    )
  })
})
