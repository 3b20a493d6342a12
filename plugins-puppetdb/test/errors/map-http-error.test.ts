// The error objects below have the shapes Node 20 gave against a real PuppetDB 7
// (Jetty) and real sockets; see the comments for the case each came from.
import { describe, expect, it } from 'vitest'
import { CapstanError } from 'capstan'
import {
  attemptTimeoutError,
  cancelledError,
  httpStatusError,
  puppetDbText,
  requestError,
  type HttpAnswer,
  type HttpErrorContext,
} from '../../src/errors/map-http-error.js'

const URL_ = 'https://puppetdb.example:8081'
const context: HttpErrorContext = { url: URL_, method: 'GET', path: '/pdb/query/v4/nodes' }
const answer = (status: number, body = '', headers: Record<string, string> = {}): HttpAnswer => ({
  status,
  headers: { 'content-type': 'text/plain;charset=utf-8', ...headers },
  body,
})
const nodeError = (code: string, message: string, extra: Record<string, unknown> = {}): Error =>
  Object.assign(new Error(message), { code, ...extra })

const NOT_QUERYABLE =
  "'nope' is not a queryable object for nodes. Known queryable objects are 'cached_catalog_status', 'catalog_environment', 'certname'"
const TLS12_NO_CERT =
  'write EPROTO 80CCC8383B7F0000:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 42\n'

describe('httpStatusError', () => {
  it('400: VALIDATION_ERROR carrying PuppetDB\'s text as message, details.puppetdb and the query issue', () => {
    const error = httpStatusError(context, answer(400, `${NOT_QUERYABLE}\n`))
    expect(error.code).toBe('VALIDATION_ERROR')
    expect(error.retryable).toBe(false)
    expect(error.message).toBe(`PuppetDB at ${URL_} rejected GET /pdb/query/v4/nodes: ${NOT_QUERYABLE}`)
    expect(error.details).toEqual({
      url: URL_,
      method: 'GET',
      path: '/pdb/query/v4/nodes',
      status: 400,
      puppetdb: NOT_QUERYABLE,
      field: 'query',
      issues: [{ path: 'query', message: NOT_QUERYABLE }],
    })
  })

  it('404: NOT_FOUND with the error field of PuppetDB\'s JSON body', () => {
    const error = httpStatusError(
      { ...context, path: '/pdb/query/v4/nodes/web99' },
      answer(404, '{\n  "error" : "No information is known about node web99"\n}', { 'content-type': 'application/json;charset=utf-8' }),
    )
    expect(error.code).toBe('NOT_FOUND')
    expect(error.message).toContain('No information is known about node web99')
    expect(error.details['puppetdb']).toBe('No information is known about node web99')
  })

  it.each([
    [{ token: true }, 'token (sent as X-Authentication)'],
    [{ clientCertificate: true }, 'certificate-allowlist'],
    [{}, 'No credentials were sent'],
  ])('401/403: PERMISSION_DENIED saying PuppetDB refused the credentials and what to check (%j)', (credentials, advice) => {
    for (const status of [401, 403]) {
      const error = httpStatusError({ ...context, ...credentials }, answer(status, 'Permission denied'))
      expect(error.code).toBe('PERMISSION_DENIED')
      expect(error.message).toContain(`PuppetDB at ${URL_} refused the credentials`)
      expect(error.message).toContain(advice)
      expect(error.details['status']).toBe(status)
    }
  })

  it('429 and 503: retryable UNAVAILABLE with retryAfterMs from seconds or an HTTP date', () => {
    const limited = httpStatusError(context, answer(429, '', { 'retry-after': '3' }))
    expect(limited).toMatchObject({ code: 'UNAVAILABLE', retryable: true })
    expect(limited.details['retryAfterMs']).toBe(3000)
    const now = Date.parse('2026-01-01T00:00:00Z')
    const down = httpStatusError(context, answer(503, 'PuppetDB is migrating', { 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }), now)
    expect(down).toMatchObject({ code: 'UNAVAILABLE', retryable: true })
    expect(down.details['retryAfterMs']).toBe(5000)
    expect(down.message).toContain('PuppetDB is migrating')
  })

  it('other 5xx: retryable UNAVAILABLE without retryAfterMs; 408: TIMEOUT', () => {
    const error = httpStatusError(context, { ...answer(500, 'java.lang.NullPointerException'), statusText: 'Server Error' })
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true })
    expect(error.message).toContain('HTTP 500 Server Error')
    expect(error.details).not.toHaveProperty('retryAfterMs')
    expect(httpStatusError(context, answer(408)).code).toBe('TIMEOUT')
  })

  it('an unexpected status (a redirect, 414) is the plugin\'s mistake: PLUGIN_ERROR', () => {
    expect(httpStatusError(context, answer(302)).code).toBe('PLUGIN_ERROR')
    expect(httpStatusError(context, answer(414, 'URI Too Long')).message).toContain('HTTP 414')
  })

  it('blanks the secrets out of what PuppetDB sends back', () => {
    const error = httpStatusError({ ...context, secrets: ['tok-123'] }, answer(401, 'token tok-123 is expired'))
    expect(JSON.stringify(error.toJSON())).not.toContain('tok-123')
    expect(error.details['puppetdb']).toBe('token [redacted] is expired')
  })
})

describe('puppetDbText', () => {
  it('drops HTML pages (a proxy\'s) and cuts long texts', () => {
    expect(puppetDbText(answer(502, '<html><body>Bad Gateway</body></html>', { 'content-type': 'text/html' }))).toBe('')
    const long = puppetDbText(answer(500, 'x'.repeat(5000)))
    expect(long).toHaveLength(2001)
    expect(long.endsWith('…')).toBe(true)
  })
})

describe('requestError', () => {
  it.each([
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:8080', 'connection refused'],
    ['ECONNRESET', 'read ECONNRESET', 'connection reset'],
    ['ECONNRESET', 'socket hang up', 'socket hang up'],
    ['EPIPE', 'write EPIPE', 'broken pipe'],
    ['EHOSTUNREACH', 'connect EHOSTUNREACH 10.0.0.1:8080', 'host unreachable'],
    ['ENETUNREACH', 'connect ENETUNREACH 10.0.0.1:8080', 'network unreachable'],
    ['EAI_AGAIN', 'getaddrinfo EAI_AGAIN puppetdb', 'resolving the host name'],
  ])('%s (%s): retryable UNAVAILABLE naming the URL', (code, message, words) => {
    const cause = nodeError(code, message)
    const error = requestError(context, cause)
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true })
    expect(error.message).toContain(`PuppetDB at ${URL_}`)
    expect(error.message).toContain(words)
    expect(error.cause).toBe(cause)
    expect(error.details).toEqual({ url: URL_, method: 'GET', path: '/pdb/query/v4/nodes', reason: code })
  })

  it.each([
    // No tls.ca against PuppetDB's own CA; tls.ca of another CA gives the same code.
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate', 'set tls.ca'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate', 'set tls.ca'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain', 'set tls.ca'],
    ['CERT_HAS_EXPIRED', 'certificate has expired', 'has expired'],
    // servername not in the certificate's altnames.
    ['ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames: Host: puppet.example. is not in the cert's altnames: IP Address:127.0.0.1, DNS:localhost", 'not issued for that host'],
  ])('server certificate %s: UNAVAILABLE, not retryable, with advice', (code, message, advice) => {
    const error = requestError(context, nodeError(code, message))
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: false })
    expect(error.message).toContain(advice)
    expect(error.details['reason']).toBe(code)
  })

  it('says tls.ca holds the wrong CA when one was given', () => {
    const error = requestError({ ...context, ca: true }, nodeError('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'))
    expect(error.message).toContain('tls.ca does not hold the CA that signed it')
  })

  it.each([
    // TLS 1.3, no client certificate.
    [nodeError('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'ssl3_read_bytes:sslv3 alert bad certificate', { reason: 'sslv3 alert bad certificate' }), false, 'requires a client certificate'],
    // TLS 1.2, no client certificate: only the message says so.
    [nodeError('EPROTO', TLS12_NO_CERT), false, 'requires a client certificate'],
    // A client certificate from a CA PuppetDB does not trust.
    [nodeError('ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN', 'sslv3 alert certificate unknown', { reason: 'sslv3 alert certificate unknown' }), true, 'rejected our client certificate (TLS alert "certificate unknown")'],
    [nodeError('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'tlsv13 alert certificate required'), false, 'TLS alert "certificate required"'],
  ])('PuppetDB refusing the client certificate: UNAVAILABLE, not retryable (%#)', (cause, configured, words) => {
    const error = requestError({ ...context, clientCertificate: configured }, cause)
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: false })
    expect(error.message).toContain(words)
    expect(error.message).toContain('tls.cert')
  })

  it.each([
    // https:// to PuppetDB's plain port.
    ['EPROTO', 'write EPROTO 800CE4330C7F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number', 'does not speak TLS'],
    // http:// to PuppetDB's TLS port.
    ['HPE_INVALID_CONSTANT', 'Parse Error: Expected HTTP/, RTSP/ or ICE/', 'use https://'],
    ['ENOTFOUND', 'getaddrinfo ENOTFOUND puppetdb.invalid', 'host not found'],
    ['ERR_SSL_NO_PROTOCOLS_AVAILABLE', 'no protocols available', 'TLS handshake'],
  ])('%s: UNAVAILABLE, not retryable (retrying cannot fix the url)', (code, message, words) => {
    const error = requestError(context, nodeError(code, message))
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: false })
    expect(error.message).toContain(words)
  })

  it('passes a CapstanError through and turns anything unknown into PLUGIN_ERROR with its cause', () => {
    const own = new CapstanError('TIMEOUT')
    expect(requestError(context, own)).toBe(own)
    const odd = new TypeError('Invalid character in header content')
    const error = requestError(context, odd)
    expect(error.code).toBe('PLUGIN_ERROR')
    expect(error.cause).toBe(odd)
    expect(requestError(context, nodeError('EMFILE', 'too many open files')).retryable).toBe(true)
  })

  it('blanks secrets from a socket error message', () => {
    const error = requestError({ ...context, secrets: ['tok-123'] }, new Error('odd failure tok-123'))
    expect(error.message).not.toContain('tok-123')
  })
})

describe('attemptTimeoutError and cancelledError', () => {
  it('TIMEOUT is retryable and says how long was waited', () => {
    const error = attemptTimeoutError(context, 1500)
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true })
    expect(error.message).toBe(`PuppetDB at ${URL_} did not answer GET /pdb/query/v4/nodes within 1500 ms`)
    expect(error.details['timeoutMs']).toBe(1500)
  })

  it('CANCELLED keeps the abort reason as cause', () => {
    const reason = new Error('stop')
    const error = cancelledError(context, reason)
    expect(error).toMatchObject({ code: 'CANCELLED', retryable: false })
    expect(error.cause).toBe(reason)
  })
})
