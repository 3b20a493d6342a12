import { describe, expectTypeOf, it } from 'vitest'
import type { CircuitBreakerStats } from 'capstan/plugin-kit'
import type {
  PuppetDbHttpClient,
  PuppetDbHttpOptions,
  PuppetDbTransport,
  ResolvedPuppetDbHttpOptions,
  ResolvedPuppetDbRetryOptions,
} from '../../src/http/index.js'

describe('PuppetDbHttpOptions types', () => {
  it('needs only url; defaults make the resolved fields required', () => {
    expectTypeOf({ url: 'http://puppetdb:8080' }).toExtend<PuppetDbHttpOptions>()
    expectTypeOf<ResolvedPuppetDbHttpOptions['timeoutMs']>().toEqualTypeOf<number>()
    expectTypeOf<ResolvedPuppetDbHttpOptions['retry']>().toEqualTypeOf<false | ResolvedPuppetDbRetryOptions>()
    expectTypeOf<NonNullable<ResolvedPuppetDbHttpOptions['tls']>['rejectUnauthorized']>().toEqualTypeOf<boolean>()
  })

  it('refuses wrong shapes at compile time', () => {
    // @ts-expect-error retry is settings or false, not true
    expectTypeOf({ url: 'http://p', retry: true }).toExtend<PuppetDbHttpOptions>()
    // @ts-expect-error a certificate is a string (PEM or path), not a Buffer
    expectTypeOf({ url: 'https://p', tls: { cert: Buffer.from('') } }).toExtend<PuppetDbHttpOptions>()
  })

  it('gives a client that is a PuppetDbTransport with breaker stats', () => {
    expectTypeOf<PuppetDbHttpClient>().toExtend<PuppetDbTransport>()
    expectTypeOf<PuppetDbHttpClient['breaker']>().toEqualTypeOf<CircuitBreakerStats | undefined>()
  })
})
