import { describe, expect, it } from 'vitest'
import { CapstanError } from 'capstan'
import { readRetryable } from 'capstan/plugin-kit'

describe('readRetryable', () => {
  it('reads the flag of CapstanErrors, honouring overrides', () => {
    expect(readRetryable(new CapstanError('TIMEOUT'))).toBe(true)
    expect(readRetryable(new CapstanError('NOT_FOUND'))).toBe(false)
    expect(readRetryable(new CapstanError('PLUGIN_ERROR', { retryable: true }))).toBe(true)
  })

  it('reads a boolean retryable property of other objects and ignores anything else', () => {
    expect(readRetryable({ retryable: true })).toBe(true)
    expect(readRetryable(Object.assign(new Error('x'), { retryable: false }))).toBe(false)
    expect(readRetryable({ retryable: 'yes' })).toBeUndefined()
    expect(readRetryable(new Error('retryable: true'))).toBeUndefined()
    expect(readRetryable('boom')).toBeUndefined()
    expect(readRetryable(null)).toBeUndefined()
  })
})
