import { describe, expect, it } from 'vitest'
import { formatTime, stripAnsi, visibleWidth } from '../../../src/cli/render/index.js'

describe('visibleWidth', () => {
  it('counts plain text by characters and ignores ANSI codes', () => {
    expect(visibleWidth('web01')).toBe(5)
    expect(visibleWidth('\u001b[1m\u001b[31mweb01\u001b[39m\u001b[22m')).toBe(5)
    expect(stripAnsi('\u001b[2Kok')).toBe('ok')
  })

  it('counts CJK and emoji as two columns and combining marks as none', () => {
    expect(visibleWidth('東京')).toBe(4)
    expect(visibleWidth('🚀')).toBe(2)
    expect(visibleWidth('e\u0301')).toBe(1)
    expect(visibleWidth('café')).toBe(4)
  })
})

describe('formatTime', () => {
  it('shows an ISO time in UTC to the second', () => {
    expect(formatTime('2026-11-25T13:04:05.123Z')).toBe('2026-11-25 13:04:05Z')
    expect(formatTime('2026-11-25T15:04:05+02:00')).toBe('2026-11-25 13:04:05Z')
  })

  it('leaves other text unchanged and a missing value empty', () => {
    expect(formatTime('yesterday')).toBe('yesterday')
    expect(formatTime(undefined)).toBe('')
  })
})
