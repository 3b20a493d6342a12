/**
 * One HTTP exchange with PuppetDB, as the query layer and the plugin ask for
 * it. Paths are relative to the configured base URL (`/pdb/query/v4/nodes`).
 */
export interface PuppetDbRequest {
  /** GET for queries that fit in a URL, POST for commands and long queries. */
  method: 'GET' | 'POST'
  /** Path under the base URL, starting with `/`. */
  path: string
  /** URL query parameters; `undefined` values are left out. */
  params?: Readonly<Record<string, string | number | boolean | undefined>> | undefined
  /** JSON body, sent with POST. */
  body?: unknown
  /** Aborts the HTTP request itself (and any retry wait). */
  signal?: AbortSignal | undefined
  /**
   * A start probe: sent to PuppetDB even while the circuit breaker is open,
   * because the host's start backoff already paces it, and an answer closes
   * the breaker. Without this, a PuppetDB that came back would not be tried
   * until the breaker's reset timeout passed.
   */
  probe?: boolean | undefined
}

/** A 2xx answer from PuppetDB, with its JSON body parsed. */
export interface PuppetDbResponse {
  /** HTTP status (2xx; anything else rejects with a CapstanError). */
  status: number
  /** Response headers, lower-case names. */
  headers: Readonly<Record<string, string | undefined>>
  /** The parsed JSON body (or the text, when the answer is not JSON). */
  body: unknown
}

/**
 * Sends requests to one PuppetDB. Implementations own timeouts, retries and
 * the circuit breaker, and reject every failure with a CapstanError:
 * VALIDATION_ERROR (400, with PuppetDB's own message), NOT_FOUND (404),
 * PERMISSION_DENIED (401/403), UNAVAILABLE (refused, reset, 5xx, breaker
 * open), TIMEOUT, CANCELLED.
 */
export interface PuppetDbTransport {
  send(request: PuppetDbRequest): Promise<PuppetDbResponse>
}
