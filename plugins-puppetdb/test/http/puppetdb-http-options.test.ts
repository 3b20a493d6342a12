import { describe, expect, it } from 'vitest'
import type { CapstanError } from 'capstan'
import { PuppetDbHttpClient, parsePuppetDbHttpOptions } from '../../src/http/index.js'
import { thrownBy } from '@capstan/test-support/errors'

function configError(input: unknown): CapstanError {
  const error = thrownBy(() => parsePuppetDbHttpOptions(input))
  expect(error.code).toBe('CONFIG_ERROR')
  expect(error.message).toContain('Invalid PuppetDB connection options')
  return error
}

describe('parsePuppetDbHttpOptions', () => {
  it('applies the documented defaults', () => {
    expect(parsePuppetDbHttpOptions({ url: 'http://puppetdb:8080' })).toEqual({
      url: 'http://puppetdb:8080',
      timeoutMs: 30_000,
      retry: { retries: 3, minDelayMs: 100, maxDelayMs: 10_000, factor: 2, jitter: 'full' },
      circuitBreaker: { failureThreshold: 5, windowMs: 60_000, resetTimeoutMs: 30_000, halfOpenMaxCalls: 1 },
    })
  })

  it.each([
    ['http://puppetdb:8080/', 'http://puppetdb:8080'],
    ['https://puppetdb.example:8081//', 'https://puppetdb.example:8081'],
    ['  http://proxy/puppetdb/  ', 'http://proxy/puppetdb'],
  ])('normalises %j to %j', (url, expected) => {
    expect(parsePuppetDbHttpOptions({ url }).url).toBe(expected)
  })

  it.each([
    ['admin:s3cret@puppetdb:8080', 'must start with http:// or https://'],
    ['//admin:s3cret@puppetdb', 'is not a URL'],
  ])('refuses url %j without echoing it (it may hold a password)', (url, message) => {
    const error = configError({ url })
    expect(error.details['field']).toBe('url')
    expect(error.message).toContain(message)
    expect(JSON.stringify(error.toJSON())).not.toContain('s3cret')
    expect(JSON.stringify(error.toJSON())).not.toContain('admin')
  })

  it.each([
    ['ftp://puppetdb', 'must start with http:// or https://'],
    ['http://puppetdb:8080/?x=1', 'without a query string'],
    ['', 'is required'],
  ])('refuses url %j', (url, message) => {
    const error = configError({ url })
    expect(error.details['field']).toBe('url')
    expect(error.message).toContain(message)
  })

  it('refuses tls with an http url, naming tls', () => {
    const error = configError({ url: 'http://puppetdb:8080', tls: { ca: '/etc/ca.pem' } })
    expect(error.details['field']).toBe('tls')
    expect(error.message).toContain('only allowed with an https url')
  })

  it('refuses a client certificate without its key, and a key without its certificate', () => {
    expect(configError({ url: 'https://puppetdb:8081', tls: { cert: '/c.pem' } }).details['field']).toBe('tls.key')
    expect(configError({ url: 'https://puppetdb:8081', tls: { key: '/c.key' } }).details['field']).toBe('tls.cert')
  })

  it('verifies the server certificate unless told otherwise', () => {
    expect(parsePuppetDbHttpOptions({ url: 'https://puppetdb:8081', tls: {} }).tls).toEqual({ rejectUnauthorized: true })
    expect(parsePuppetDbHttpOptions({ url: 'https://puppetdb:8081', tls: { rejectUnauthorized: false } }).tls?.rejectUnauthorized).toBe(false)
  })

  it('takes retry and circuitBreaker as false, or with partial settings', () => {
    const off = parsePuppetDbHttpOptions({ url: 'http://p:8080', retry: false, circuitBreaker: false })
    expect(off.retry).toBe(false)
    expect(off.circuitBreaker).toBe(false)
    const partial = parsePuppetDbHttpOptions({ url: 'http://p:8080', retry: { retries: 1 }, circuitBreaker: { failureThreshold: 2 } })
    expect(partial.retry).toMatchObject({ retries: 1, minDelayMs: 100 })
    expect(partial.circuitBreaker).toMatchObject({ failureThreshold: 2, resetTimeoutMs: 30_000 })
  })

  it.each([
    [{ retry: { retries: -1 } }, 'retry.retries'],
    [{ retry: { minDelayMs: 500, maxDelayMs: 100 } }, 'retry.minDelayMs'],
    [{ retry: true }, 'retry'],
    [{ circuitBreaker: { failureThreshold: 0 } }, 'circuitBreaker.failureThreshold'],
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ tlsCa: '/etc/ca.pem' }, 'tlsCa'],
  ])('names the bad field of %j', (extra, field) => {
    const error = configError({ url: 'http://p:8080', ...extra })
    expect(error.details['field']).toBe(field)
    expect(error.message).toContain(field)
  })

  it('trims the token, and refuses a malformed one without showing it', () => {
    expect(parsePuppetDbHttpOptions({ url: 'http://p:8080', token: ' abc.def\n' }).token).toBe('abc.def')
    const error = configError({ url: 'http://p:8080', token: 'secret part two' })
    expect(error.details['field']).toBe('token')
    expect(JSON.stringify(error.toJSON())).not.toContain('secret part')
  })

  it('is checked when a client is created', () => {
    const error = thrownBy(() => new PuppetDbHttpClient({ url: 'http://p:8080', tls: {} }))
    expect(error.code).toBe('CONFIG_ERROR')
    expect(error.details['field']).toBe('tls')
  })
})
