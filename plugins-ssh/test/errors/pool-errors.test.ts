import { isCapstanError } from 'capstan'
import { describe, expect, it } from 'vitest'
import { connectionLostError, poolClosedError, poolWaitCancelledError } from '../../src/errors/pool-errors.js'

const key = 'capstan@127.0.0.1:2222'

describe('pool errors', () => {
  it('say why under details.reason', () => {
    const closed = poolClosedError(key)
    expect(isCapstanError(closed, 'UNAVAILABLE')).toBe(true)
    expect(closed).toMatchObject({ retryable: false, details: { target: key, reason: 'pool-closed' } })
    const cause = new Error('ECONNRESET')
    const lost = connectionLostError(key, cause)
    expect(lost).toMatchObject({ code: 'UNAVAILABLE', retryable: true, details: { target: key, reason: 'connection-lost' } })
    expect(lost.cause).toBe(cause)
  })

  it('keep the caller\'s abort reason as the cause of CANCELLED', () => {
    const reason = new Error('stop')
    const error = poolWaitCancelledError(key, AbortSignal.abort(reason))
    expect(error).toMatchObject({ code: 'CANCELLED', details: { target: key } })
    expect(error.cause).toBe(reason)
  })
})
