import { CapstanError } from 'capstan'
import { abortOutcome } from 'capstan/plugin-kit'
import { describe, expect, it } from 'vitest'

describe('abortOutcome', () => {
  it('ends the node timeout for a TIMEOUT reason, keeping its message', () => {
    const reason = new CapstanError('TIMEOUT', { message: 'web1 ran out of time' })
    expect(abortOutcome(reason)).toEqual({ status: 'timeout', error: { code: 'TIMEOUT', message: 'web1 ran out of time' } })
  })

  it('ends the node cancelled for any other CapstanError, keeping its code', () => {
    expect(abortOutcome(new CapstanError('CANCELLED', { message: 'stopped by the user' }))).toEqual({ status: 'cancelled', error: { code: 'CANCELLED', message: 'stopped by the user' } })
  })

  it("turns a plain reason into CANCELLED: an Error's message, else 'Cancelled'", () => {
    expect(abortOutcome(new Error('shutting down'))).toEqual({ status: 'cancelled', error: { code: 'CANCELLED', message: 'shutting down' } })
    expect(abortOutcome(undefined)).toEqual({ status: 'cancelled', error: { code: 'CANCELLED', message: 'Cancelled' } })
  })
})
