import { CircuitBreakerSettings, configError, RetryTiming } from 'capstan/plugin-kit'
import { z } from 'zod'

/** What an options error is about, in the CONFIG_ERROR message (`Invalid PuppetDB connection options: ...`). */
export const PUPPETDB_HTTP_OPTIONS_SUBJECT = 'PuppetDB connection options'

const PuppetDbUrl = z
  .string()
  .trim()
  .min(1, 'is required, e.g. http://puppetdb:8080')
  .transform((value, ctx) => {
    let url: URL
    try {
      url = new URL(value)
    } catch {
      // The value is not echoed: a URL may carry a password.
      ctx.addIssue({ code: 'custom', message: 'is not a URL; expected e.g. http://puppetdb:8080 or https://puppetdb:8081' })
      return z.NEVER
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      // Not echoed either: `admin:s3cret@puppetdb` parses with `admin:` as its scheme.
      ctx.addIssue({ code: 'custom', message: 'must start with http:// or https://, e.g. http://puppetdb:8080' })
      return z.NEVER
    }
    if (url.search !== '' || url.hash !== '') {
      ctx.addIssue({ code: 'custom', message: 'must be the base URL, without a query string or fragment' })
      return z.NEVER
    }
    // Requests append `/pdb/...`; a trailing slash here would give `//pdb/...`.
    return url.href.replace(/\/+$/, '')
  })

/** A PEM text (starts with `-----BEGIN`) or the path of a file holding one. */
const PemOrPath = z.string().min(1)

const PuppetDbTls = z
  .strictObject({
    /** CA certificate(s) PuppetDB's server certificate is checked against; PEM text or a file path. */
    ca: PemOrPath.optional().describe('CA bundle (PEM text or file path) that signed PuppetDB\'s certificate'),
    /** Client certificate for mutual TLS; PEM text or a file path. Needs `key`. */
    cert: PemOrPath.optional().describe('Client certificate (PEM text or file path)'),
    /** Private key of `cert`, unencrypted; PEM text or a file path. Needs `cert`. */
    key: PemOrPath.optional().describe('Client private key (PEM text or file path)'),
    /** Whether to refuse a server certificate that does not verify. Default true; false only for experiments. */
    rejectUnauthorized: z.boolean().default(true).describe('Verify PuppetDB\'s certificate (default true)'),
  })
  .superRefine((tls, ctx) => {
    if (tls.cert !== undefined && tls.key === undefined) {
      ctx.addIssue({ code: 'custom', path: ['key'], message: 'is required when tls.cert is given (a client certificate needs its private key)' })
    }
    if (tls.key !== undefined && tls.cert === undefined) {
      ctx.addIssue({ code: 'custom', path: ['cert'], message: 'is required when tls.key is given (a private key needs its client certificate)' })
    }
  })

/**
 * How to reach one PuppetDB: the schema the plugin embeds in its own options,
 * so a bad field is reported with its path (`tls.key: is required when ...`).
 *
 * - `url`: `http://puppetdb:8080` or `https://puppetdb:8081`; a trailing slash is dropped.
 * - `tls`: only with an https `url`; each of `ca`, `cert`, `key` is PEM text
 *   (starts with `-----BEGIN`) or a file path read when the client is created.
 * - `token`: a PE RBAC token, sent as `X-Authentication`; never logged or put in errors.
 * - `timeoutMs`: time limit of one attempt (connect, send, whole answer). Default 30 000.
 * - `retry`, `circuitBreaker`: the core's retry and breaker settings, or `false` to turn them off.
 *
 * @example
 * ```ts
 * PuppetDbHttpOptions.parse({
 *   url: 'https://puppetdb.example:8081',
 *   tls: { ca: '/etc/puppetlabs/puppet/ssl/certs/ca.pem', cert: '/etc/capstan/client.pem', key: '/etc/capstan/client.key' },
 * })
 * ```
 */
export const PuppetDbHttpOptions = z
  .strictObject({
    /** Base URL of PuppetDB (http or https). User and password in it are sent as basic auth and never shown in errors. */
    url: PuppetDbUrl.describe('PuppetDB base URL, e.g. http://puppetdb:8080'),
    /** TLS settings for an https `url`. */
    tls: PuppetDbTls.optional().describe('TLS settings (https only)'),
    /** PE RBAC token, sent as the `X-Authentication` header. Surrounding whitespace is dropped. */
    token: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces (it is sent as an HTTP header)')
      .optional()
      .describe('PE RBAC token (X-Authentication header)'),
    /** Time limit of one attempt, in ms: the request is aborted when it passes. Default 30 000. */
    timeoutMs: z.number().int().positive().default(30_000).describe('Time limit of one HTTP attempt, in ms'),
    /** Retry settings for retryable failures, or `false` for a single attempt. */
    retry: z.union([z.literal(false), RetryTiming]).prefault({}).describe('Retry settings, or false'),
    /** Circuit breaker settings, or `false` for none. */
    circuitBreaker: z.union([z.literal(false), CircuitBreakerSettings]).prefault({}).describe('Circuit breaker settings, or false'),
  })
  .superRefine((options, ctx) => {
    if (options.tls !== undefined && !options.url.startsWith('https:')) {
      ctx.addIssue({ code: 'custom', path: ['tls'], message: 'is only allowed with an https url (url is http); use https://... or drop tls' })
    }
  })

/** Connection options as a caller writes them. */
export type PuppetDbHttpOptions = z.input<typeof PuppetDbHttpOptions>
/** Connection options after defaults and normalisation (`url` without a trailing slash). */
export type ResolvedPuppetDbHttpOptions = z.output<typeof PuppetDbHttpOptions>
/** The `tls` part of {@link PuppetDbHttpOptions}, as a caller writes it. */
export type PuppetDbTlsOptions = z.input<typeof PuppetDbTls>
/** The `tls` part after defaults. */
export type ResolvedPuppetDbTlsOptions = z.output<typeof PuppetDbTls>
/** The `retry` part after defaults (`false`: one attempt only). */
export type ResolvedPuppetDbRetryOptions = RetryTiming
/** The `circuitBreaker` part after defaults (`false`: no breaker). */
export type ResolvedPuppetDbCircuitBreakerOptions = CircuitBreakerSettings

/**
 * Validates connection options and applies defaults.
 *
 * @throws CapstanError CONFIG_ERROR naming every bad field (`tls.key`, `retry.retries`, ...).
 */
export function parsePuppetDbHttpOptions(input: unknown): ResolvedPuppetDbHttpOptions {
  const parsed = PuppetDbHttpOptions.safeParse(input)
  if (!parsed.success) throw configError(PUPPETDB_HTTP_OPTIONS_SUBJECT, parsed.error)
  return parsed.data
}
