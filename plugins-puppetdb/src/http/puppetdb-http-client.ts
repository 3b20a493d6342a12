import http from 'node:http'
import https from 'node:https'
import { CapstanError, isCapstanError } from 'capstan'
import { CircuitBreaker, type CircuitBreakerStats, type CircuitStateChange, failureSignature, readRetryable, retry } from 'capstan/plugin-kit'
import {
  attemptTimeoutError,
  cancelledError,
  clientClosedError,
  httpStatusError,
  invalidJsonError,
  requestError,
  type HttpErrorContext,
} from '../errors/map-http-error.js'
import { displayUrl } from './display-url.js'
import { loadTlsMaterial } from './load-tls-material.js'
import { parsePuppetDbHttpOptions, type PuppetDbHttpOptions, type ResolvedPuppetDbHttpOptions } from './puppetdb-http-options.js'
import type { PuppetDbRequest, PuppetDbResponse, PuppetDbTransport } from './puppetdb-transport.js'

/** Test and logging hooks of {@link PuppetDbHttpClient}; every field is optional. */
export interface PuppetDbHttpClientHooks {
  /** Called before each retry wait, e.g. to log; `attempt` is the attempt that just failed. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void
  /** How retries wait. Default: the core's abortable sleep; tests pass one that records delays. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
  /** Randomness for retry jitter, in [0, 1). Default `Math.random`. */
  random?: () => number
  /** Clock in ms for the circuit breaker and Retry-After dates. Default `Date.now`. */
  now?: () => number
}

// Never aborts: lets one code path serve calls without a caller signal.
const NO_SIGNAL = new AbortController().signal

/**
 * The {@link PuppetDbTransport} over `node:http` / `node:https`: one keep-alive
 * agent per client (carrying the TLS material for mutual TLS), JSON in and
 * out, a time limit per attempt, the core's `retry` for retryable failures and
 * one `CircuitBreaker` per client so a PuppetDB that is down fails fast.
 *
 * - Every failure rejects with a CapstanError (see `map-http-error.ts`).
 * - The per-attempt timeout and the caller's `signal` destroy the HTTP request
 *   itself, not just the wait for it.
 * - Each attempt passes through the breaker. Once it is open, nothing is
 *   retried: the call fails with the error that opened it, later calls with
 *   the breaker's own UNAVAILABLE, without reaching PuppetDB.
 * - A failure the breaker had already counted before the call began (the
 *   same kind: a timeout, a refused connection, the same 5xx) is not retried
 *   within the call: PuppetDB was failing that way already, and a retry would
 *   only make the caller wait a second time. Retries are for blips.
 * - The token and any password in `url` never appear in messages or details.
 *
 * @example
 * ```ts
 * const client = new PuppetDbHttpClient({ url: 'http://puppetdb:8080', timeoutMs: 10_000 })
 * const { body } = await client.send({ method: 'GET', path: '/pdb/query/v4/nodes', params: { query: '["=", "certname", "web01"]' } })
 * client.close()
 * ```
 */
/** Asked after an HTTP 500, to tell a request PuppetDB cannot run from a PuppetDB that is failing. */
const VERSION_PATH = '/pdb/meta/v1/version'

export class PuppetDbHttpClient implements PuppetDbTransport {
  /** The options after defaults, safe to log: no token, and `url` without user and password. */
  readonly options: Omit<ResolvedPuppetDbHttpOptions, 'token'>
  /** The base URL without credentials, as it appears in errors and the breaker's name. */
  readonly displayUrl: string
  readonly #baseUrl: string
  readonly #token: string | undefined
  readonly #agent: http.Agent
  readonly #request: typeof http.request
  readonly #breaker: CircuitBreaker | undefined
  readonly #hooks: PuppetDbHttpClientHooks
  readonly #context: Omit<HttpErrorContext, 'method' | 'path'>
  #closed = false

  /**
   * Validates the options and reads TLS files; no connection is made yet.
   *
   * @throws CapstanError CONFIG_ERROR naming the bad option (`url`, `tls.key`, `retry.retries`, ...).
   */
  constructor(options: PuppetDbHttpOptions, hooks: PuppetDbHttpClientHooks = {}) {
    const { token, ...resolved } = parsePuppetDbHttpOptions(options)
    this.#token = token
    this.#hooks = hooks
    this.#baseUrl = resolved.url
    this.displayUrl = displayUrl(resolved.url)
    this.options = { ...resolved, url: this.displayUrl }
    const tls = this.options.tls
    if (this.options.url.startsWith('https:')) {
      const material = loadTlsMaterial(tls ?? { rejectUnauthorized: true })
      this.#agent = new https.Agent({ keepAlive: true, ...material })
      this.#request = https.request
    } else {
      this.#agent = new http.Agent({ keepAlive: true })
      this.#request = http.request
    }
    this.#context = {
      url: this.displayUrl,
      token: token !== undefined,
      ca: tls?.ca !== undefined,
      clientCertificate: tls?.cert !== undefined,
      // Should PuppetDB or a proxy echo them back, they are blanked out of errors.
      secrets: [token, ...passwordForms(resolved.url)].filter((s): s is string => s !== undefined && s !== ''),
    }
    const breaker = this.options.circuitBreaker
    this.#breaker =
      breaker === false
        ? undefined
        : new CircuitBreaker({ ...breaker, name: `puppetdb ${this.displayUrl}`, ...(hooks.now ? { now: hooks.now } : {}) })
  }

  /** The circuit breaker's counters and state; `undefined` when `circuitBreaker: false`. */
  get breaker(): CircuitBreakerStats | undefined {
    return this.#breaker?.stats()
  }

  /**
   * Calls `listener` when the circuit breaker changes state (e.g. to log that
   * PuppetDB is considered down). Does nothing without a breaker.
   *
   * @returns A function that removes the listener.
   */
  onBreakerStateChange(listener: (change: CircuitStateChange) => void): () => void {
    return this.#breaker?.onStateChange(listener) ?? (() => {})
  }

  /**
   * Sends one request, with retries and through the circuit breaker (a
   * `probe` goes around it, and its answer closes it).
   *
   * @throws CapstanError VALIDATION_ERROR (400), NOT_FOUND (404), PERMISSION_DENIED (401/403),
   * UNAVAILABLE (refused, reset, 5xx, TLS, breaker open), TIMEOUT, CANCELLED.
   */
  async send(request: PuppetDbRequest): Promise<PuppetDbResponse> {
    const context: HttpErrorContext = { ...this.#context, method: request.method, path: request.path }
    const signal = request.signal ?? NO_SIGNAL
    // A probe goes around the breaker: it is how a PuppetDB that came back is found.
    const breaker = request.probe === true ? undefined : this.#breaker
    const attempt = (attemptSignal: AbortSignal): Promise<PuppetDbResponse> =>
      breaker === undefined ? this.#classified(request, context, attemptSignal) : breaker.execute(() => this.#classified(request, context, attemptSignal))

    const settings = this.options.retry
    // How PuppetDB was failing before this call, if it was.
    const known = breaker?.recentFailure()?.signature
    let response: PuppetDbResponse
    if (settings === false) {
      if (signal.aborted) throw cancelledError(context, signal.reason)
      response = await attempt(signal)
    } else {
      response = await retry((_, retrySignal) => attempt(retrySignal), {
        ...settings,
        signal,
        shouldRetry: (error) => (breaker === undefined ? readRetryable(error) === true : this.#shouldRetry(error, breaker, known)),
        ...(this.#hooks.onRetry ? { onRetry: this.#hooks.onRetry } : {}),
        ...(this.#hooks.sleep ? { sleep: this.#hooks.sleep } : {}),
        ...(this.#hooks.random ? { random: this.#hooks.random } : {}),
      })
    }
    // PuppetDB answered a probe: it is back, so calls need not wait for the breaker's reset timeout.
    if (request.probe === true && this.#breaker !== undefined && this.#breaker.state !== 'closed') this.#breaker.reset()
    return response
  }

  /** Destroys the agent and its sockets; requests in flight fail, later ones are refused. */
  close(): void {
    this.#closed = true
    this.#agent.destroy()
  }

  /** Same as {@link PuppetDbHttpClient.close}, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close()
  }

  /**
   * One attempt, with an HTTP 500 told apart: when PuppetDB still answers its
   * version at once, the 500 was this request's (a query PuppetDB cannot run),
   * not an outage. That is a PLUGIN_ERROR that is neither retried nor counted
   * by the breaker, so one caller's bad request cannot open it for everyone.
   */
  async #classified(request: PuppetDbRequest, context: HttpErrorContext, signal: AbortSignal): Promise<PuppetDbResponse> {
    try {
      return await this.#attempt(request, context, signal)
    } catch (error) {
      if (!isCapstanError(error, 'UNAVAILABLE') || error.details['status'] !== 500 || request.path === VERSION_PATH) throw error
      const healthy = await this.#attempt({ method: 'GET', path: VERSION_PATH, signal }, { ...context, method: 'GET', path: VERSION_PATH }, signal).then(
        () => true,
        () => false,
      )
      if (!healthy) throw error
      throw new CapstanError('PLUGIN_ERROR', {
        message: `${error.message}. PuppetDB answers other requests, so this request is the likely cause: it is not retried`,
        details: { ...error.details, requestFault: true },
        retryable: false,
        cause: error,
      })
    }
  }

  #shouldRetry(error: unknown, breaker: CircuitBreaker, known: string | undefined): boolean {
    if (readRetryable(error) !== true) return false
    if (known !== undefined && failureSignature(error) === known) return false
    // The breaker's own rejection, or a failure that just opened it: waiting and retrying
    // would only be rejected again (or hammer a backend that is down), so fail now.
    if (isCapstanError(error) && error.details['breaker'] === breaker.name) return false
    return breaker.state !== 'open'
  }

  #attempt(request: PuppetDbRequest, context: HttpErrorContext, signal: AbortSignal): Promise<PuppetDbResponse> {
    return new Promise<PuppetDbResponse>((resolve, reject) => {
      if (this.#closed) return reject(clientClosedError(context))
      if (signal.aborted) return reject(cancelledError(context, signal.reason))

      const body = request.method === 'POST' && request.body !== undefined ? JSON.stringify(request.body) : undefined
      const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'capstan-plugin-puppetdb' }
      if (body !== undefined) {
        headers['content-type'] = 'application/json'
        headers['content-length'] = String(Buffer.byteLength(body))
      }
      if (this.#token !== undefined) headers['x-authentication'] = this.#token

      let settled = false
      let timer: NodeJS.Timeout | undefined
      let outgoing: http.ClientRequest | undefined
      const onAbort = (): void => fail(cancelledError(context, signal.reason))
      const finish = (): boolean => {
        if (settled) return false
        settled = true
        clearTimeout(timer)
        signal.removeEventListener('abort', onAbort)
        return true
      }
      // Destroying the request closes its socket: PuppetDB stops working on it and the agent drops it.
      const fail = (error: Error): void => {
        if (!finish()) return
        reject(error)
        outgoing?.destroy(error)
      }
      // An answer read to its end leaves a healthy socket, which the agent keeps for the next request.
      const refuse = (error: Error): void => {
        if (finish()) reject(error)
      }

      try {
        outgoing = this.#request(requestUrl(this.#baseUrl, request), { method: request.method, headers, agent: this.#agent })
      } catch (error) {
        // Synchronous throws (a header Node refuses, a TLS context it cannot build).
        fail(requestError(context, error))
        return
      }
      timer = setTimeout(() => fail(attemptTimeoutError(context, this.options.timeoutMs)), this.options.timeoutMs)
      signal.addEventListener('abort', onAbort, { once: true })

      outgoing.on('error', (error) => {
        if (settled) return
        fail(this.#closed ? clientClosedError(context) : requestError(context, error))
      })
      outgoing.on('response', (incoming) => {
        const chunks: Buffer[] = []
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
        incoming.on('error', (error) => fail(requestError(context, error)))
        incoming.on('end', () => {
          if (settled) return
          const status = incoming.statusCode ?? 0
          const text = Buffer.concat(chunks).toString('utf8')
          const responseHeaders = flattenHeaders(incoming.headers)
          if (status < 200 || status >= 300) {
            refuse(httpStatusError(context, { status, statusText: incoming.statusMessage, headers: responseHeaders, body: text }, this.#now()))
            return
          }
          let parsed: unknown
          try {
            parsed = parseBody(text, responseHeaders['content-type'])
          } catch (error) {
            refuse(invalidJsonError(context, status, error))
            return
          }
          if (finish()) resolve({ status, headers: responseHeaders, body: parsed })
        })
      })
      outgoing.end(body)
    })
  }

  #now(): number {
    return (this.#hooks.now ?? Date.now)()
  }
}

/** The password of `url` as written and as sent (percent-decoded), to keep out of errors. */
function passwordForms(url: string): string[] {
  const { password } = new URL(url)
  try {
    return [password, decodeURIComponent(password)]
  } catch {
    return [password] // a stray % that does not decode
  }
}

/** The full URL of a request: base URL, path, then the defined parameters. */
function requestUrl(base: string, request: PuppetDbRequest): URL {
  const path = request.path.startsWith('/') ? request.path : `/${request.path}`
  const url = new URL(base + path)
  for (const [name, value] of Object.entries(request.params ?? {})) {
    if (value !== undefined) url.searchParams.append(name, String(value))
  }
  return url
}

/** JSON when PuppetDB says so, else the text; an empty body is `null`. */
function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return null
  return /[/+]json\b/i.test(contentType ?? '') ? JSON.parse(text) : text
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(headers)) flat[name] = Array.isArray(value) ? value.join(', ') : value
  return flat
}
