import { CapstanError, isCapstanError } from 'capstan'
import { describe, expect, it } from 'vitest'

describe('CapstanError details by code', () => {
  it('gives a VALIDATION_ERROR that named only its field an issues list, so details.issues always exists', () => {
    const error = new CapstanError('VALIDATION_ERROR', { message: 'query: cannot be empty', details: { field: 'query' } })
    expect(error.details).toEqual({ field: 'query', issues: [{ path: 'query', message: 'cannot be empty' }] })
  })

  it('gives a CONFIG_ERROR with no field a (root) issue', () => {
    expect(new CapstanError('CONFIG_ERROR').details).toEqual({ issues: [{ path: '(root)', message: 'Configuration is not valid' }] })
  })

  it('keeps the issues its creator listed', () => {
    const issues = [{ path: 'a', message: 'bad' }, { path: 'b', message: 'worse' }]
    expect(new CapstanError('VALIDATION_ERROR', { details: { field: 'a', issues } }).details.issues).toBe(issues)
  })

  it('adds no issues to codes that are not about fields', () => {
    expect(new CapstanError('TIMEOUT', { details: { timeoutMs: 5 } }).details).toEqual({ timeoutMs: 5 })
  })

  it('isCapstanError with a code checks the code', () => {
    const error = new CapstanError('NOT_FOUND')
    expect(isCapstanError(error, 'NOT_FOUND')).toBe(true)
    expect(isCapstanError(error, 'VALIDATION_ERROR')).toBe(false)
    expect(isCapstanError(new Error('x'))).toBe(false)
  })
})

describe('CapstanError size', () => {
  it('cuts a message over 4,096 characters and says how much was cut, whatever built it', () => {
    const error = new CapstanError('NOT_FOUND', { message: 'x'.repeat(10_000) })
    expect(error.message.length).toBeLessThan(4_200)
    expect(error.message).toMatch(/… \(5904 more characters\)$/)
  })
})
