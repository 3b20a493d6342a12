import { describe, expect, it } from 'vitest'
import { OutputCapture } from '../../../src/execution/stream/output-capture.js'

describe('OutputCapture', () => {
  it('stores up to the cap, splits the crossing chunk on a character boundary, then only counts', () => {
    const capture = new OutputCapture(10)
    expect(capture.take('abcdef')).toEqual([{ text: 'abcdef', bytes: 6, endOffset: 6, stored: true }])
    // 'ab€' is 5 bytes and only 4 fit: the euro sign must not be cut in half.
    expect(capture.take('ab€cd')).toEqual([
      { text: 'ab', bytes: 2, endOffset: 8, stored: true },
      { text: '€cd', bytes: 5, endOffset: 13, stored: false },
    ])
    expect(capture.take('z')).toEqual([{ text: 'z', bytes: 1, endOffset: 14, stored: false }])
    expect(capture.text).toBe('abcdefab')
    expect(capture.truncated).toBe(true)
    expect(capture.pushedBytes).toBe(14)
  })

  it('is not truncated when output fills the cap exactly, and ignores empty chunks', () => {
    const capture = new OutputCapture(4)
    expect(capture.take('')).toEqual([])
    capture.take('abcd')
    expect(capture.truncated).toBe(false)
    expect(capture.storedBytes).toBe(4)
  })
})
