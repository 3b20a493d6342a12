import { describe, expect, it } from 'vitest'
import { thrownMessage } from '../../src/errors/thrown-message.js'

describe('thrownMessage', () => {
  it("gives an Error's message, a value's string, and a tag for what has no string form", () => {
    expect(thrownMessage(new TypeError('bad'))).toBe('bad')
    expect(thrownMessage('plain')).toBe('plain')
    expect(thrownMessage(42)).toBe('42')
    expect(thrownMessage(Object.create(null))).toBe('[object Object]')
    expect(thrownMessage({ toString: () => { throw new Error('no') } })).toBe('[object Object]')
    expect(thrownMessage(Symbol('s'))).toBe('Symbol(s)')
    expect(thrownMessage(new Proxy({}, { get: () => { throw new Error('trap') } }))).toBe('[object]')
  })
})
