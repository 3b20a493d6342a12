// CapstanError is recognised by a brand, not by class identity: an error of a
// second copy of the class (test/support/foreign-core.ts) is one here too.
import { inspect } from 'node:util'
import { CapstanError, isCapstanError, toCapstanError } from 'capstan'
import { describe, expect, it } from 'vitest'
import { foreignCore as copy } from '../support/foreign-core.js'

/** An object that carries the brand but is not made by any copy of the class. */
function branded(fields: Record<string, unknown>): Record<PropertyKey, unknown> {
  return { [Symbol.for('capstan.error')]: true, message: 'made by hand', retryable: false, details: {}, ...fields }
}

describe('a CapstanError made by another copy of the core', () => {
  const foreign = new copy.CapstanError('NOT_FOUND', { message: 'web09 is not known here', details: { node: 'web09' } })

  it('is a distinct class, so the test says something', () => {
    expect(copy.CapstanError).not.toBe(CapstanError)
    expect(Object.getPrototypeOf(foreign)).not.toBe(CapstanError.prototype)
  })

  it('is recognised by instanceof and isCapstanError, with and without a code', () => {
    expect(foreign instanceof CapstanError).toBe(true)
    expect(isCapstanError(foreign)).toBe(true)
    expect(isCapstanError(foreign, 'NOT_FOUND')).toBe(true)
    expect(isCapstanError(foreign, 'TIMEOUT')).toBe(false)
  })

  it('is recognised both ways: the other copy knows this copy\'s errors too', () => {
    const own = new CapstanError('TIMEOUT')
    expect(own instanceof copy.CapstanError).toBe(true)
    expect(copy.isCapstanError(own, 'TIMEOUT')).toBe(true)
  })

  it('passes through toCapstanError as it is, not wrapped as PLUGIN_ERROR', () => {
    const cause = new Error('backend said 404')
    const retryable = new copy.CapstanError('UNAVAILABLE', { message: 'down for maintenance', details: { plugin: 'cmdb' }, retryable: false, cause })
    const passed = toCapstanError(retryable, { capability: 'info.facts' })
    expect(passed).toBe(retryable)
    expect(passed).toMatchObject({ code: 'UNAVAILABLE', message: 'down for maintenance', retryable: false, details: { plugin: 'cmdb' }, cause })
  })
})

describe('subclasses of CapstanError', () => {
  class QuotaError extends CapstanError {
    constructor() {
      super('UNAVAILABLE', { message: 'quota exhausted', retryable: true })
    }
  }

  it('are CapstanErrors, and instanceof the subclass is the ordinary prototype check', () => {
    const quota = new QuotaError()
    expect(quota instanceof CapstanError).toBe(true)
    expect(isCapstanError(quota, 'UNAVAILABLE')).toBe(true)
    expect(quota instanceof QuotaError).toBe(true)
    expect(new CapstanError('UNAVAILABLE') instanceof QuotaError).toBe(false)
    expect(new copy.CapstanError('UNAVAILABLE') instanceof QuotaError).toBe(false)
  })

  it('of another copy are CapstanErrors here too', () => {
    class ForeignQuota extends copy.CapstanError {}
    const error = new ForeignQuota('UNAVAILABLE')
    expect(error instanceof CapstanError).toBe(true)
    expect(toCapstanError(error)).toBe(error)
  })
})

describe('what is not a CapstanError', () => {
  it('a plain Error, even one with the fields of a CapstanError', () => {
    const lookalike = Object.assign(new Error('not found'), { code: 'NOT_FOUND', retryable: false, details: {} })
    expect(lookalike instanceof CapstanError).toBe(false)
    expect(isCapstanError(lookalike)).toBe(false)
    expect(toCapstanError(lookalike)).toMatchObject({ code: 'PLUGIN_ERROR', cause: lookalike })
  })

  it.each([
    ['a number for code', { code: 404 }],
    ['no code', {}],
    ['a code no catalog has', { code: 'NOPE' }],
    ['a name of Object.prototype for code', { code: 'toString' }],
    ['no message', { code: 'NOT_FOUND', message: undefined }],
    ['a string for retryable', { code: 'NOT_FOUND', retryable: 'yes' }],
    ['null details', { code: 'NOT_FOUND', details: null }],
  ])('a branded object with %s, which toCapstanError wraps as PLUGIN_ERROR', (_, fields) => {
    const garbage = branded(fields)
    expect(garbage instanceof CapstanError).toBe(false)
    expect(isCapstanError(garbage)).toBe(false)
    expect(toCapstanError(garbage, { plugin: 'odd' })).toMatchObject({ code: 'PLUGIN_ERROR', details: { plugin: 'odd' }, cause: garbage })
  })

  it('a value whose properties throw when read: the check says no and does not throw', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('trap') } })
    expect(isCapstanError(hostile)).toBe(false)
    expect(hostile instanceof CapstanError).toBe(false)
    expect(toCapstanError(hostile).code).toBe('PLUGIN_ERROR')
  })

  it('values that are not objects', () => {
    for (const value of [undefined, null, 'NOT_FOUND', 42, Symbol.for('capstan.error')]) expect(isCapstanError(value)).toBe(false)
  })
})

describe('the brand', () => {
  it('is the registry symbol capstan.error: a branded object with the fields is recognised', () => {
    expect(isCapstanError(branded({ code: 'CANCELLED' }), 'CANCELLED')).toBe(true)
  })

  it('lives on the prototype, so logs and JSON of an error do not show it', () => {
    const error = new CapstanError('NOT_FOUND')
    expect(Object.getOwnPropertySymbols(error)).toEqual([])
    expect(inspect(error)).not.toContain('capstan.error')
    expect(Object.keys(error.toJSON())).not.toContain(Symbol.for('capstan.error').description)
  })
})
