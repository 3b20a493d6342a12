import { isCapstanError } from 'capstan'
import { describe, expect, it } from 'vitest'
import { boltKindError } from '../../src/errors/bolt-kind-error.js'

describe('boltKindError', () => {
  it('keeps Bolt\'s error kind under details.reason', () => {
    const cause = new Error('underneath')
    const error = boltKindError('NOT_FOUND', 'bolt/unknown-task', 'Could not find a task named sdkdemo::nope', { command: 'bolt task show' }, cause)
    expect(isCapstanError(error, 'NOT_FOUND')).toBe(true)
    expect(error.details).toEqual({ command: 'bolt task show', reason: 'bolt/unknown-task' })
    expect(error.cause).toBe(cause)
  })

  it('has no reason when Bolt gave no kind', () => {
    expect(boltKindError('PLUGIN_ERROR', undefined, 'failed', { command: 'bolt inventory show' }).details).toEqual({ command: 'bolt inventory show' })
  })
})
