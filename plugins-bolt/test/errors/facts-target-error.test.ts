import { describe, expect, it } from 'vitest'
import { factsTargetError } from '../../src/errors/facts-target-error.js'

describe('factsTargetError', () => {
  it('is UNAVAILABLE for a target Bolt could not connect to, with the kind as reason', () => {
    const error = factsTargetError({ target: 'web01', node: 'web01', code: 'UNAVAILABLE', message: 'connection refused', kind: 'puppetlabs.tasks/connect-error' }, 'bolt')
    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: 'Bolt could not gather facts of web01: connection refused' })
    expect(error.details).toEqual({ node: 'web01', plugin: 'bolt', reason: 'puppetlabs.tasks/connect-error' })
  })

  it('is PLUGIN_ERROR for anything else', () => {
    const error = factsTargetError({ target: 'web01', node: 'web01', code: 'NOT_FOUND', message: 'no result' }, 'bolt')
    expect(error.code).toBe('PLUGIN_ERROR')
    expect(error.details).toEqual({ node: 'web01', plugin: 'bolt' })
  })
})
