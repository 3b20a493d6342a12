import { CapstanError, isCapstanError, type FieldIssue } from 'capstan'
import { parseRetryAfter } from '../http/parse-retry-after.js'

/** What a failed exchange was, for messages and `details`. Holds no secret. */
export interface HttpErrorContext {
  /** PuppetDB's base URL without credentials (see `displayUrl`). */
  url: string
  /** HTTP method of the request. */
  method: string
  /** Request path under the base URL, without its query parameters. */
  path: string
  /** Whether a token was sent: tailors the advice on 401/403. */
  token?: boolean
  /** Whether `tls.ca` was set: tailors the advice when the server certificate does not verify. */
  ca?: boolean
  /** Whether a client certificate was configured: tailors the advice on 401/403 and TLS alerts. */
  clientCertificate?: boolean
  /** Texts blanked out of anything PuppetDB sends back, should it echo them (the token). */
  secrets?: readonly string[]
}

/** A non-2xx answer, body still as text. */
export interface HttpAnswer {
  /** HTTP status code. */
  status: number
  /** HTTP reason phrase, when the server sent one. */
  statusText?: string
  /** Response headers, lower-case names. */
  headers: Readonly<Record<string, string | undefined>>
  /** The body as text (PuppetDB sends errors as text/plain, a few as JSON `{ "error": ... }`). */
  body: string
}

/** Longest PuppetDB text kept in a message or in `details.puppetdb`. */
const MAX_TEXT = 2000

/**
 * Turns a non-2xx answer into a CapstanError:
 *
 * - 400 → VALIDATION_ERROR with PuppetDB's own text (a PQL parse error, an unknown field)
 *   as message, `details.puppetdb` and the issue on `query`;
 * - 404 → NOT_FOUND; 401/403 → PERMISSION_DENIED, saying which credentials to check;
 * - 408 → TIMEOUT; 429, 5xx → UNAVAILABLE, retryable, with `details.retryAfterMs` from Retry-After;
 * - anything else (a redirect, 405, 414, ...) → PLUGIN_ERROR: the plugin asked for something it should not.
 *
 * @param now - Clock reading an HTTP-date Retry-After is measured from.
 */
export function httpStatusError(context: HttpErrorContext, answer: HttpAnswer, now: number = Date.now()): CapstanError {
  const text = puppetDbText(answer, context.secrets)
  const status = answer.status
  const details: Record<string, unknown> = { ...baseDetails(context), status, ...(text === '' ? {} : { puppetdb: text }) }
  const statusLabel = `HTTP ${status}${answer.statusText ? ` ${answer.statusText}` : ''}`
  const said = text === '' ? '' : `: ${text}`

  if (status === 400) {
    const message = text === '' ? `PuppetDB rejected the request (${statusLabel})` : text
    const issues: FieldIssue[] = [{ path: 'query', message }]
    return new CapstanError('VALIDATION_ERROR', {
      message: `PuppetDB at ${context.url} rejected ${request(context)}: ${message}`,
      details: { ...details, field: 'query', issues },
    })
  }
  if (status === 404) {
    return new CapstanError('NOT_FOUND', { message: `PuppetDB at ${context.url} found nothing for ${request(context)}${said}`, details })
  }
  if (status === 401 || status === 403) {
    return new CapstanError('PERMISSION_DENIED', {
      message: `PuppetDB at ${context.url} refused the credentials for ${request(context)} (${statusLabel})${said}. ${credentialAdvice(context)}`,
      details,
    })
  }
  if (status === 408) {
    return new CapstanError('TIMEOUT', { message: `PuppetDB at ${context.url} timed out waiting for ${request(context)} (${statusLabel})`, details })
  }
  if (status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(answer.headers['retry-after'], now)
    const what =
      status === 429 ? 'is limiting requests' : status === 503 ? 'is unavailable' : `failed on ${request(context)}`
    const wait = retryAfterMs === undefined ? '' : `; it asks to retry after ${Math.ceil(retryAfterMs / 1000)} s`
    return new CapstanError('UNAVAILABLE', {
      message: `PuppetDB at ${context.url} ${what} (${statusLabel})${said}${wait}`,
      retryable: true,
      details: { ...details, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
    })
  }
  return new CapstanError('PLUGIN_ERROR', {
    message: `PuppetDB at ${context.url} answered ${request(context)} with ${statusLabel}, which the PuppetDB plugin does not expect${said}`,
    details,
  })
}

// Errors that mean the connection could not be made or was lost: worth another try.
const CONNECTION_FAILURES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ECONNABORTED: 'connection aborted',
  EPIPE: 'connection closed while sending (broken pipe)',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  EHOSTDOWN: 'host is down',
  ENETUNREACH: 'network unreachable',
  ENETDOWN: 'network is down',
  EAI_AGAIN: 'temporary failure resolving the host name',
}

// OpenSSL verification results for a server certificate that does not chain to a trusted CA.
const UNTRUSTED_SERVER_CERTIFICATE = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_CHAIN_TOO_LONG',
  'INVALID_CA',
  'INVALID_PURPOSE',
])

const SERVER_CERTIFICATE_DATES: Readonly<Record<string, string>> = {
  CERT_HAS_EXPIRED: 'has expired',
  CERT_NOT_YET_VALID: 'is not valid yet',
  ERROR_IN_CERT_NOT_BEFORE_FIELD: 'has an invalid start date',
  ERROR_IN_CERT_NOT_AFTER_FIELD: 'has an invalid end date',
}

const HOSTNAME_MISMATCH = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH'])

// TLS alerts PuppetDB (Jetty) sends when it does not accept our client certificate. With
// TLS 1.2 Node reports some of them as a bare EPROTO, so the message is read too.
const CLIENT_CERTIFICATE_ALERT =
  /alert[ _](bad[ _]certificate|certificate[ _]unknown|certificate[ _]required|unknown[ _]ca|certificate[ _]expired|certificate[ _]revoked|unsupported[ _]certificate|access[ _]denied)/i

/**
 * Turns what a request emitted or threw (a socket error, a TLS failure) into a
 * CapstanError, the original kept as `cause` and its code (`ECONNREFUSED`,
 * `CERT_HAS_EXPIRED`, `EPROTO`) as `details.reason`:
 *
 * - refused, reset, hang-up, unreachable, DNS try-again → UNAVAILABLE, retryable;
 * - a server certificate that does not verify (untrusted CA, expired, wrong host) →
 *   UNAVAILABLE, not retryable, saying what to set (`tls.ca`, the host in `url`);
 * - PuppetDB refusing or requiring our client certificate (a TLS alert) → UNAVAILABLE, not retryable;
 * - plain HTTP on a TLS port, TLS on a plain port, other handshake failures → UNAVAILABLE, not retryable;
 * - host not found → UNAVAILABLE, not retryable (a typo in `url` does not heal);
 * - anything unrecognised → PLUGIN_ERROR; a CapstanError passes through unchanged.
 */
export function requestError(context: HttpErrorContext, error: unknown): CapstanError {
  if (isCapstanError(error)) return error
  const code = stringProperty(error, 'code') ?? ''
  const text = redact(stringProperty(error, 'message') ?? String(error), context.secrets)
  const explanation = stringProperty(error, 'reason') ?? firstLine(text)
  const details = { ...baseDetails(context), ...(code === '' ? {} : { reason: code }) }
  const unavailable = (message: string, retryable: boolean): CapstanError =>
    new CapstanError('UNAVAILABLE', { message, retryable, details, cause: error })
  const at = `PuppetDB at ${context.url}`

  if (text === 'socket hang up') {
    return unavailable(`${at} did not answer ${request(context)}: connection closed before an answer (socket hang up)`, true)
  }
  if (code === 'ECONNRESET' && text === 'aborted') {
    return unavailable(`${at} did not answer ${request(context)}: connection closed while the answer was read`, true)
  }
  const connection = CONNECTION_FAILURES[code]
  if (connection !== undefined) return unavailable(`${at} did not answer ${request(context)}: ${connection} (${code})`, true)
  if (code === 'ENOTFOUND') {
    return unavailable(`${at} cannot be reached: host not found (ENOTFOUND); check the host name in url`, false)
  }

  if (UNTRUSTED_SERVER_CERTIFICATE.has(code)) {
    const advice = context.ca
      ? 'tls.ca does not hold the CA that signed it: set tls.ca to that CA (on a Puppet server: /etc/puppetlabs/puppet/ssl/certs/ca.pem)'
      : 'set tls.ca to the CA that signed it (on a Puppet server: /etc/puppetlabs/puppet/ssl/certs/ca.pem)'
    return unavailable(`Cannot verify the TLS certificate of ${at}: ${explanation} (${code}); ${advice}`, false)
  }
  const dates = SERVER_CERTIFICATE_DATES[code]
  if (dates !== undefined) {
    return unavailable(`The TLS certificate of ${at} ${dates} (${code}); renew PuppetDB's certificate, or check this machine's clock`, false)
  }
  if (HOSTNAME_MISMATCH.has(code)) {
    return unavailable(
      `The TLS certificate of ${at} is not issued for that host (${explanation}); use a host name the certificate lists in url, or reissue the certificate with this name (${code})`,
      false,
    )
  }
  const alert = CLIENT_CERTIFICATE_ALERT.exec(`${code} ${text}`)
  if (alert !== null) {
    const name = (alert[1] ?? '').toLowerCase().replace(/_/g, ' ')
    const message = context.clientCertificate
      ? `${at} rejected our client certificate (TLS alert "${name}"); check that tls.cert is signed by the CA PuppetDB trusts, has not expired, and is allowed by PuppetDB's certificate-allowlist`
      : `${at} requires a client certificate (TLS alert "${name}"); set tls.cert and tls.key to a certificate signed by PuppetDB's CA and allowed by its certificate-allowlist`
    return unavailable(message, false)
  }
  if (/wrong version number/i.test(text)) {
    return unavailable(`${at} does not speak TLS on this port (${code || 'wrong version number'}); use http:// for PuppetDB's plain port (8080 by default) or point url at its TLS port`, false)
  }
  if (code.startsWith('HPE_')) {
    return unavailable(`${at} answered with something that is not HTTP (${code}); if that port speaks TLS, use https:// in url`, false)
  }
  if (code === 'EPROTO' || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) {
    return unavailable(`TLS handshake with ${at} failed: ${explanation} (${code})`, false)
  }
  // Other errno-style codes (EMFILE, EADDRNOTAVAIL, ...) are local or network trouble that may pass.
  if (/^E[A-Z0-9_]+$/.test(code)) return unavailable(`${at} did not answer ${request(context)}: ${explanation} (${code})`, true)
  return new CapstanError('PLUGIN_ERROR', {
    message: `Request ${request(context)} to ${at} failed: ${text}`,
    details,
    cause: error,
  })
}

/** The attempt ran past `timeoutMs`: TIMEOUT, retryable. */
export function attemptTimeoutError(context: HttpErrorContext, timeoutMs: number): CapstanError {
  return new CapstanError('TIMEOUT', {
    message: `PuppetDB at ${context.url} did not answer ${request(context)} within ${timeoutMs} ms`,
    details: { ...baseDetails(context), timeoutMs },
  })
}

/** The caller aborted: CANCELLED, the abort reason as `cause`. */
export function cancelledError(context: HttpErrorContext, reason: unknown): CapstanError {
  return new CapstanError('CANCELLED', {
    message: `${request(context)} to PuppetDB at ${context.url} was cancelled`,
    details: baseDetails(context),
    cause: reason,
  })
}

/** A 2xx answer labelled JSON that does not parse: UNAVAILABLE, not retryable, the SyntaxError as `cause`. */
export function invalidJsonError(context: HttpErrorContext, status: number, cause: unknown): CapstanError {
  return new CapstanError('UNAVAILABLE', {
    message: `PuppetDB at ${context.url} answered ${request(context)} with JSON that does not parse`,
    retryable: false,
    details: { ...baseDetails(context), status },
    cause,
  })
}

/** A request on a client that was closed: UNAVAILABLE, not retryable. */
export function clientClosedError(context: HttpErrorContext): CapstanError {
  return new CapstanError('UNAVAILABLE', {
    message: `The PuppetDB client for ${context.url} is closed; ${request(context)} was not sent`,
    retryable: false,
    details: baseDetails(context),
  })
}

/**
 * PuppetDB's own words from an error answer: the `error` field of a JSON body,
 * else the text; nothing from an HTML page (a proxy's). Secrets are blanked
 * and long texts cut.
 */
export function puppetDbText(answer: HttpAnswer, secrets: readonly string[] = []): string {
  const contentType = answer.headers['content-type'] ?? ''
  if (/html/i.test(contentType)) return ''
  let text = answer.body.trim()
  if (/json/i.test(contentType) || text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text)
      const error = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)['error'] : undefined
      if (typeof error === 'string') text = error.trim()
    } catch {
      // Not JSON after all: keep the text.
    }
  }
  text = redact(text, secrets)
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text
}

function baseDetails(context: HttpErrorContext): Record<string, unknown> {
  return { url: context.url, method: context.method, path: context.path }
}

function request(context: HttpErrorContext): string {
  return `${context.method} ${context.path}`
}

function credentialAdvice(context: HttpErrorContext): string {
  if (context.token && context.clientCertificate) {
    return "Check that the token (sent as X-Authentication) is valid, not expired and grants PuppetDB access, and that the client certificate (tls.cert) is allowed by PuppetDB's certificate-allowlist."
  }
  if (context.token) return 'Check that the token (sent as X-Authentication) is valid, not expired and grants PuppetDB access.'
  if (context.clientCertificate) {
    return "Check that the client certificate (tls.cert) is signed by PuppetDB's CA and its name is in PuppetDB's certificate-allowlist."
  }
  return 'No credentials were sent: set token (PE RBAC token) or tls.cert and tls.key (a client certificate PuppetDB allows).'
}

function redact(text: string, secrets: readonly string[] = []): string {
  let out = text
  for (const secret of secrets) if (secret !== '') out = out.split(secret).join('[redacted]')
  return out
}

function stringProperty(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const property = (value as Record<string, unknown>)[key]
  return typeof property === 'string' ? property : undefined
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? text
}
