import { describe, expect, it } from 'vitest'
import type { Hop } from '../../src/connection/hop.js'
import { hopFailure } from '../../src/errors/hop-failure.js'

const jump: Hop = { target: { host: '127.0.0.1', username: 'capstan', knownHosts: '/dev/null' }, port: 2222, name: 'capstan@127.0.0.1:2222', label: 'jump 127.0.0.1:2222', via: '10.0.0.5:22' }

describe('hopFailure', () => {
  it('is UNAVAILABLE with the reason, the hop and where it leads', () => {
    const error = hopFailure(jump, 'connection-refused', 'refused', { extra: { fingerprint: 'SHA256:x' } })
    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: 'refused' })
    expect(error.details).toEqual({ host: '127.0.0.1', port: 2222, user: 'capstan', hop: 'jump 127.0.0.1:2222', reason: 'connection-refused', destination: '10.0.0.5:22', fingerprint: 'SHA256:x' })
  })

  it('is CANCELLED for a cancelled connection', () => {
    expect(hopFailure(jump, 'cancelled', 'cancelled', { retryable: false })).toMatchObject({ code: 'CANCELLED', retryable: false, details: { reason: 'cancelled' } })
  })
})
