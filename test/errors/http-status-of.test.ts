import { CapstanError, errorCatalog, errorCodes, httpStatusOf } from 'capstan'
import { describe, expect, it } from 'vitest'

describe('httpStatusOf', () => {
  it('gives a CapstanError the status of its code in the catalog', () => {
    expect(httpStatusOf(new CapstanError('VALIDATION_ERROR'))).toBe(400)
    expect(httpStatusOf(new CapstanError('PERMISSION_DENIED'))).toBe(403)
    expect(httpStatusOf(new CapstanError('NOT_FOUND'))).toBe(404)
    expect(httpStatusOf(new CapstanError('UNAVAILABLE'))).toBe(503)
    for (const code of errorCodes) expect(httpStatusOf(new CapstanError(code))).toBe(errorCatalog[code].httpStatus)
  })

  it('gives every code an error status, 4xx for what the caller can change and 5xx for the rest', () => {
    const callerMistakes = new Set(['VALIDATION_ERROR', 'PERMISSION_DENIED', 'UNKNOWN_CAPABILITY', 'NOT_FOUND', 'CANCELLED'])
    for (const code of errorCodes) {
      const status = errorCatalog[code].httpStatus
      expect([code, Math.floor(status / 100)]).toEqual([code, callerMistakes.has(code) ? 4 : 5])
    }
  })

  it('is 500 for anything that is not a CapstanError', () => {
    expect(httpStatusOf(new Error('boom'))).toBe(500)
    expect(httpStatusOf({ code: 'NOT_FOUND' })).toBe(500)
    expect(httpStatusOf(undefined)).toBe(500)
  })
})
