import { CapstanError, toCapstanError } from 'capstan'
import { describe, expect, it } from 'vitest'
import { isTransientFailure } from '../../src/errors/is-transient-failure.js'

const systemError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:8090`), { code, syscall: 'connect' })

describe('isTransientFailure', () => {
  it.each([
    ['UNAVAILABLE', new CapstanError('UNAVAILABLE', { message: 'connection refused' })],
    ['TIMEOUT', new CapstanError('TIMEOUT')],
    ['a PLUGIN_ERROR that says retryable', new CapstanError('PLUGIN_ERROR', { message: 'HTTP 503', retryable: true })],
    ['a plain ECONNREFUSED wrapped by the host', toCapstanError(systemError('ECONNREFUSED'))],
    ['a plain ETIMEDOUT', systemError('ETIMEDOUT')],
    ['a temporary DNS failure', systemError('EAI_AGAIN')],
    ['an HTTP client error with status 503', Object.assign(new Error('Service Unavailable'), { status: 503 })],
    ['an error with statusCode 502 two causes down', new Error('init', { cause: new Error('fetch', { cause: Object.assign(new Error('bad gateway'), { statusCode: 502 }) }) })],
    ['an object that says retryable', { retryable: true }],
  ])('is transient for %s', (_, error) => {
    expect(isTransientFailure(error)).toBe(true)
  })

  it.each([
    ['CONFIG_ERROR (bad option, bad YAML, missing bolt)', new CapstanError('CONFIG_ERROR', { message: 'YAML syntax error at line 4' })],
    ['VALIDATION_ERROR', new CapstanError('VALIDATION_ERROR')],
    ['NOT_FOUND (no such executable)', new CapstanError('NOT_FOUND', { message: 'no such executable (ENOENT)' })],
    ['PERMISSION_DENIED (bad credentials)', new CapstanError('PERMISSION_DENIED')],
    ['a CONFIG_ERROR even when its cause was a refused connection', new CapstanError('CONFIG_ERROR', { cause: systemError('ECONNREFUSED') })],
    ['a CONFIG_ERROR that claims retryable', new CapstanError('CONFIG_ERROR', { retryable: true })],
    ['a plain Error', new Error('cannot parse the answer')],
    ['a wrapped ENOENT', toCapstanError(systemError('ENOENT'))],
    ['HTTP 500', Object.assign(new Error('Internal Server Error'), { status: 500 })],
    ['a string', 'boom'],
    ['undefined', undefined],
  ])('is permanent for %s', (_, error) => {
    expect(isTransientFailure(error)).toBe(false)
  })

  it('never reads the message', () => {
    expect(isTransientFailure(new Error('ECONNREFUSED: connection refused, 503 Service Unavailable, timeout'))).toBe(false)
  })

  it('stops on a cause cycle', () => {
    const a = new Error('a') as Error & { cause?: unknown }
    const b = new Error('b', { cause: a })
    a.cause = b
    expect(isTransientFailure(a)).toBe(false)
  })
})
