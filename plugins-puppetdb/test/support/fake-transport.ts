import { readFileSync } from 'node:fs'
import type { PuppetDbRequest, PuppetDbResponse, PuppetDbTransport } from '../../src/http/puppetdb-transport.js'

/** A recorded exchange from plugins-puppetdb/test/fixtures/recorded. */
export interface Recording {
  request: { method: string; path: string; params: Record<string, unknown> | null; body: unknown }
  response: { status: number; headers: Record<string, string>; body: unknown }
}

/** Reads one recorded PuppetDB exchange by name (`query_ast_from_nodes`). */
export function recording(name: string): Recording {
  return JSON.parse(readFileSync(new URL(`../fixtures/recorded/${name}.json`, import.meta.url), 'utf8')) as Recording
}

/** The AST a recording sent: the body's query, or the `query` URL parameter parsed. */
export function recordedQuery(name: string): unknown {
  const { request } = recording(name)
  const body = request.body as { query?: unknown } | null
  if (body?.query !== undefined) return body.query
  return JSON.parse(String(request.params?.['query']))
}

/** The recorded response of `name`, as a transport answers it. */
export function recordedResponse(name: string): PuppetDbResponse {
  const { response } = recording(name)
  return { status: response.status, headers: response.headers, body: response.body }
}

type Answer = (request: PuppetDbRequest, index: number) => PuppetDbResponse | Promise<PuppetDbResponse>

/** A PuppetDbTransport that records every request and answers with `answer`. */
export class FakeTransport implements PuppetDbTransport {
  readonly requests: PuppetDbRequest[] = []
  readonly #answer: Answer

  constructor(answer: Answer) {
    this.#answer = answer
  }

  async send(request: PuppetDbRequest): Promise<PuppetDbResponse> {
    this.requests.push(request)
    return this.#answer(request, this.requests.length - 1)
  }

  /** The JSON body of request `index`. */
  body(index: number): Record<string, unknown> {
    return this.requests[index]?.body as Record<string, unknown>
  }
}

/**
 * Answers like PuppetDB over `size` rows `{ n }` that exist only when asked
 * for: each request builds just its own slice, from the body's offset and
 * limit, and the count is sent as X-Records when include_total is set.
 */
export function rowsOnDemand(size: number): Answer {
  return (request) => {
    const body = (request.body ?? {}) as { limit?: number; offset?: number; include_total?: boolean }
    const offset = body.offset ?? 0
    const end = Math.min(size, offset + (body.limit ?? size))
    const rows = Array.from({ length: Math.max(0, end - offset) }, (_, i) => ({ n: offset + i }))
    return { status: 200, headers: body.include_total === true ? { 'x-records': String(size) } : {}, body: rows }
  }
}
