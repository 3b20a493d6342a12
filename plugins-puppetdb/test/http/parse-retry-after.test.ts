import { describe, expect, it } from 'vitest'
import { parseRetryAfter } from '../../src/http/index.js'

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-25T10:00:00Z')

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0)
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000)
  })

  it('reads an HTTP date relative to now, 0 once it has passed', () => {
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Wed, 25 Nov 2026 09:00:00 GMT', now)).toBe(0)
  })

  it.each([undefined, '', '1.5', '-3', '1 2', 'soon'])('ignores %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined()
  })
})
