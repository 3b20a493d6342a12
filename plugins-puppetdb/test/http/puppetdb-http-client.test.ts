// PuppetDbHttpClient against real HTTP servers on 127.0.0.1: what goes on the wire,
// how answers and socket failures become CapstanErrors, and how timeouts, caller
// aborts, retries and the circuit breaker behave.
import type { ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { PuppetDbHttpClient, type PuppetDbHttpClientHooks, type PuppetDbHttpOptions } from '../../src/http/index.js'
import { rejection, resolved, within } from '@capstan/test-support/async'
import { answer, closedPort, startServer, type Handler, type LocalServer } from './local-server.js'

const TOKEN = 'pe-token-0123456789abcdef'
const PARSE_ERROR = 'PQL parse error at line 1, column 16:\n\nnodes { certname = }\n                ^'

const servers: LocalServer[] = []
const clients: PuppetDbHttpClient[] = []
afterEach(async () => {
  for (const client of clients.splice(0)) client.close()
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function server(handler: Handler): Promise<LocalServer> {
  const started = await startServer(handler)
  servers.push(started)
  return started
}

/** A recording retry sleep: retries happen at once, the asked delays are kept. */
function fakeSleep(): { delays: number[]; hooks: PuppetDbHttpClientHooks } {
  const delays: number[] = []
  return { delays, hooks: { sleep: async (ms) => void delays.push(ms), random: () => 0 } }
}

function client(options: PuppetDbHttpOptions, hooks: PuppetDbHttpClientHooks = fakeSleep().hooks): PuppetDbHttpClient {
  const created = new PuppetDbHttpClient(options, hooks)
  clients.push(created)
  return created
}

const nodes = { method: 'GET', path: '/pdb/query/v4/nodes' } as const

describe('PuppetDbHttpClient requests and answers', () => {
  it('GETs with Accept JSON and the defined params, and parses the JSON answer', async () => {
    const pdb = await server((_, res) => answer(res, 200, [{ certname: 'web01' }]))
    const response = await resolved(
      client({ url: `${pdb.url}/` }).send({ ...nodes, params: { query: '["=","certname","web01"]', limit: 5, include_total: true, offset: undefined } }),
    )
    expect(response.status).toBe(200)
    expect(response.body).toEqual([{ certname: 'web01' }])
    expect(response.headers['content-type']).toContain('application/json')
    const [request] = pdb.requests
    // The trailing slash of the base URL does not double up.
    expect(request?.url).toBe('/pdb/query/v4/nodes?query=%5B%22%3D%22%2C%22certname%22%2C%22web01%22%5D&limit=5&include_total=true')
    expect(request?.method).toBe('GET')
    expect(request?.headers['accept']).toBe('application/json')
    expect(request?.headers['content-type']).toBeUndefined()
  })

  it('POSTs the body as JSON under a base URL with a path prefix', async () => {
    const pdb = await server((_, res) => answer(res, 200, []))
    await resolved(client({ url: `${pdb.url}/puppetdb/` }).send({ method: 'POST', path: '/pdb/query/v4', body: { query: 'nodes {}' } }))
    const [request] = pdb.requests
    expect(request?.url).toBe('/puppetdb/pdb/query/v4')
    expect(request?.headers['content-type']).toBe('application/json')
    expect(JSON.parse(request?.body ?? '')).toEqual({ query: 'nodes {}' })
  })

  it('gives a text answer as text and reuses one keep-alive connection', async () => {
    const pdb = await server((_, res) => answer(res, 200, 'plain words'))
    const http = client({ url: pdb.url })
    expect((await resolved(http.send(nodes))).body).toBe('plain words')
    expect((await resolved(http.send(nodes))).body).toBe('plain words')
    expect(pdb.requests).toHaveLength(2)
    expect(pdb.connections).toHaveLength(1)
  })

  it('rejects JSON that does not parse with a non-retryable UNAVAILABLE', async () => {
    const pdb = await server((_, res) => answer(res, 200, '{"truncated": ', { 'content-type': 'application/json' }))
    const error = await rejection(client({ url: pdb.url }).send(nodes), 'UNAVAILABLE')
    expect(error.retryable).toBe(false)
    expect(error.cause).toBeInstanceOf(SyntaxError)
    expect(pdb.requests).toHaveLength(1)
  })
})

describe('PuppetDbHttpClient error answers', () => {
  it("surfaces PuppetDB's own 400 text as a VALIDATION_ERROR on query, without retrying", async () => {
    const pdb = await server((_, res) => answer(res, 400, PARSE_ERROR))
    const error = await rejection(client({ url: pdb.url }).send(nodes), 'VALIDATION_ERROR')
    expect(error.message).toContain('PQL parse error at line 1, column 16')
    expect(error.details).toMatchObject({ url: pdb.url, method: 'GET', path: '/pdb/query/v4/nodes', status: 400, puppetdb: PARSE_ERROR, field: 'query' })
    expect(error.details['issues']).toEqual([{ path: 'query', message: PARSE_ERROR }])
    expect(pdb.requests).toHaveLength(1)
  })

  it('keeps the connection after an error answer read to its end', async () => {
    const pdb = await server((_, res, index) => (index === 0 ? answer(res, 400, PARSE_ERROR) : answer(res, 200, [])))
    const http = client({ url: pdb.url })
    await rejection(http.send(nodes), 'VALIDATION_ERROR')
    await resolved(http.send(nodes))
    expect(pdb.connections).toHaveLength(1)
  })

  it('maps 404 to NOT_FOUND with the error text of a JSON body', async () => {
    const pdb = await server((_, res) => answer(res, 404, { error: 'No information is known about node web99' }))
    const error = await rejection(client({ url: pdb.url }).send({ method: 'GET', path: '/pdb/query/v4/nodes/web99' }), 'NOT_FOUND')
    expect(error.message).toContain('No information is known about node web99')
    expect(error.details['puppetdb']).toBe('No information is known about node web99')
    expect(pdb.requests).toHaveLength(1)
  })

  it('maps 401 to PERMISSION_DENIED naming the token, sends the token but never shows it', async () => {
    // A server that echoes the token back must not get it into the error either.
    const pdb = await server((req, res) => answer(res, 401, `bad token ${String(req.headers['x-authentication'])}`))
    const error = await rejection(client({ url: pdb.url, token: TOKEN }).send(nodes), 'PERMISSION_DENIED')
    expect(pdb.requests[0]?.headers['x-authentication']).toBe(TOKEN)
    expect(error.message).toContain('refused the credentials')
    expect(error.message).toContain('token')
    expect(JSON.stringify(error.toJSON())).not.toContain(TOKEN)
    expect(error.message).toContain('[redacted]')
    expect(pdb.requests).toHaveLength(1)
  })

  it('sends user and password of the url as basic auth and keeps them out of errors and the breaker name', async () => {
    const pdb = await server((_, res) => answer(res, 500, 'boom'))
    const http = client({ url: `http://admin:hunter2@127.0.0.1:${pdb.port}`, retry: false })
    const error = await rejection(http.send(nodes), 'UNAVAILABLE')
    expect(pdb.requests[0]?.headers['authorization']).toBe(`Basic ${Buffer.from('admin:hunter2').toString('base64')}`)
    expect(JSON.stringify(error.toJSON())).not.toContain('hunter2')
    expect(error.details['url']).toBe(pdb.url)
    expect(http.breaker?.name).toBe(`puppetdb ${pdb.url}`)
  })

  it('exposes options without the token and the url without credentials', () => {
    const http = client({ url: 'http://admin:hunter2@127.0.0.1:1/', token: TOKEN })
    expect(http.options.url).toBe('http://127.0.0.1:1')
    expect(http.displayUrl).toBe('http://127.0.0.1:1')
    expect(JSON.stringify(http.options)).not.toContain(TOKEN)
    expect(JSON.stringify(http.options)).not.toContain('hunter2')
  })

  it('honours a 503 Retry-After before retrying, then succeeds', async () => {
    const pdb = await server((_, res, index) => (index === 0 ? answer(res, 503, 'starting', { 'retry-after': '2' }) : answer(res, 200, [])))
    const { delays, hooks } = fakeSleep()
    const response = await resolved(client({ url: pdb.url }, hooks).send(nodes))
    expect(response.body).toEqual([])
    expect(pdb.requests).toHaveLength(2)
    // random 0 would wait minDelayMs (100): the 2 s Retry-After is the floor.
    expect(delays).toEqual([2000])
  })

  it('retries a 502 and succeeds on the third attempt', async () => {
    const pdb = await server((_, res, index) => (index < 2 ? answer(res, 502, 'Bad gateway') : answer(res, 200, { ok: true })))
    const retried: number[] = []
    const { delays, hooks } = fakeSleep()
    const response = await resolved(client({ url: pdb.url }, { ...hooks, onRetry: (_, attempt) => retried.push(attempt) }).send(nodes))
    expect(response.body).toEqual({ ok: true })
    expect(pdb.requests).toHaveLength(3)
    expect(retried).toEqual([1, 2])
    expect(delays).toEqual([100, 100])
  })

  it('gives up after the configured retries with the last UNAVAILABLE', async () => {
    const pdb = await server((_, res) => answer(res, 502, 'bad gateway'))
    const error = await rejection(client({ url: pdb.url, retry: { retries: 2 } }).send(nodes), 'UNAVAILABLE')
    expect(error.retryable).toBe(true)
    expect(error.details['status']).toBe(502)
    expect(pdb.requests).toHaveLength(3)
  })
})

describe('PuppetDbHttpClient connection failures', () => {
  it('reports a refused connection as UNAVAILABLE naming the URL, after the retries', async () => {
    const port = await closedPort()
    const { delays, hooks } = fakeSleep()
    const error = await rejection(client({ url: `http://127.0.0.1:${port}`, retry: { retries: 2 } }, hooks).send(nodes), 'UNAVAILABLE')
    expect(error.retryable).toBe(true)
    expect(error.message).toContain(`http://127.0.0.1:${port}`)
    expect(error.message).toContain('connection refused')
    expect(error.details['reason']).toBe('ECONNREFUSED')
    expect((error.cause as { code?: string }).code).toBe('ECONNREFUSED')
    expect(delays).toHaveLength(2)
  })

  it('aborts an attempt that passes timeoutMs: TIMEOUT, and the server sees the request closed', async () => {
    const pdb = await server(() => {}) // never answers
    const started = Date.now()
    const error = await within(rejection(client({ url: pdb.url, timeoutMs: 150, retry: false }).send(nodes), 'TIMEOUT'), 2000)
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    expect(error.retryable).toBe(true)
    expect(error.details).toMatchObject({ timeoutMs: 150, path: '/pdb/query/v4/nodes' })
    const [request] = pdb.requests
    expect(await within(request!.closed, 1000, 'the server-side close')).toEqual({ answered: false })
  })

  it('retries a timed-out attempt, each one closed on the server', async () => {
    const pdb = await server(() => {})
    await within(rejection(client({ url: pdb.url, timeoutMs: 100, retry: { retries: 1 } }).send(nodes), 'TIMEOUT'), 2000)
    expect(pdb.requests).toHaveLength(2)
    const closes = await within(Promise.all(pdb.requests.map((r) => r.closed)), 1000, 'the server-side closes')
    expect(closes).toEqual([{ answered: false }, { answered: false }])
  })

  it('cancels on the caller signal: CANCELLED with the reason, request closed, no retry', async () => {
    const pdb = await server(() => {})
    const controller = new AbortController()
    const reason = new Error('user pressed stop')
    const sending = client({ url: pdb.url, timeoutMs: 10_000 }).send({ ...nodes, signal: controller.signal })
    const request = await within(pdb.nextRequest(), 1000, 'the request reaching the server')
    controller.abort(reason)
    const error = await within(rejection(sending, 'CANCELLED'), 1000)
    expect(error.cause).toBe(reason)
    expect(await within(request.closed, 1000, 'the server-side close')).toEqual({ answered: false })
    expect(pdb.requests).toHaveLength(1)
  })

  it('retries an answer cut short by a dropped connection', async () => {
    const pdb = await server((_, res, index) => {
      if (index > 0) return answer(res, 200, [])
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' })
      res.write('[{"certname":')
      setTimeout(() => res.socket?.destroy(), 10)
    })
    const retried: unknown[] = []
    const response = await within(resolved(client({ url: pdb.url }, { ...fakeSleep().hooks, onRetry: (error) => retried.push(error) }).send(nodes)), 2000)
    expect(response.body).toEqual([])
    expect(retried).toHaveLength(1)
    expect(retried[0]).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('connection closed while the answer was read') })
  })

  it('sends nothing when the signal is already aborted', async () => {
    const pdb = await server((_, res) => answer(res, 200, []))
    const error = await rejection(client({ url: pdb.url, retry: false }).send({ ...nodes, signal: AbortSignal.abort() }), 'CANCELLED')
    expect(error.cause).toBeInstanceOf(DOMException)
    expect(pdb.requests).toHaveLength(0)
  })

  it('refuses requests after close() and drops the kept-alive connection', async () => {
    const pdb = await server((_, res) => answer(res, 200, []))
    const http = client({ url: pdb.url })
    await resolved(http.send(nodes))
    const socketClosed = new Promise<void>((resolve) => pdb.connections[0]?.once('close', () => resolve()))
    http.close()
    await within(socketClosed, 1000, 'the server-side socket close')
    const error = await rejection(http.send(nodes), 'UNAVAILABLE')
    expect(error.retryable).toBe(false)
    expect(error.message).toContain('closed')
    expect(pdb.requests).toHaveLength(1)
  })
})

describe('PuppetDbHttpClient circuit breaker', () => {
  it('opens after failureThreshold failures, then fails fast without reaching the server', async () => {
    const pdb = await server((_, res) => answer(res, 503, 'down'))
    const http = client({ url: pdb.url, retry: false, circuitBreaker: { failureThreshold: 3, resetTimeoutMs: 60_000 } })
    for (let i = 0; i < 3; i++) expect((await rejection(http.send(nodes), 'UNAVAILABLE')).details['status']).toBe(503)
    expect(http.breaker?.state).toBe('open')

    const fast = await rejection(http.send(nodes), 'UNAVAILABLE')
    expect(fast.details).toMatchObject({ breaker: `puppetdb ${pdb.url}`, state: 'open' })
    expect(pdb.requests).toHaveLength(3)
    expect(http.breaker).toMatchObject({ calls: 3, failures: 3, rejections: 1 })
  })

  it('stops retrying once the breaker opens, and later calls do not wait', async () => {
    const pdb = await server((_, res) => answer(res, 503, 'down', { 'retry-after': '1' }))
    const { delays, hooks } = fakeSleep()
    const http = client({ url: pdb.url, retry: { retries: 5 }, circuitBreaker: { failureThreshold: 2 } }, hooks)
    // The failure that opened the breaker is what the caller sees, not the breaker's own error.
    const first = await rejection(http.send(nodes), 'UNAVAILABLE')
    expect(first.details['status']).toBe(503)
    expect(pdb.requests).toHaveLength(2)
    expect(delays).toEqual([1000])

    const second = await rejection(http.send(nodes), 'UNAVAILABLE')
    expect(second.details['state']).toBe('open')
    expect(pdb.requests).toHaveLength(2)
    expect(delays).toEqual([1000])
  })

  it('does not retry within a call a failure the breaker had already counted before it: a hung PuppetDB is waited for once per call', async () => {
    let hang = true
    const pdb = await server((_, res) => (hang ? undefined : answer(res, 503, 'down')))
    const http = client({ url: pdb.url, timeoutMs: 100, retry: { retries: 2 }, circuitBreaker: { failureThreshold: 10 } })
    // PuppetDB was not known to fail: a timeout may be a blip, so it is retried.
    await within(rejection(http.send(nodes), 'TIMEOUT'), 3000)
    expect(pdb.requests).toHaveLength(3)
    // Now the breaker has seen it time out: the next call waits once and says so.
    await within(rejection(http.send(nodes), 'TIMEOUT'), 3000)
    expect(pdb.requests).toHaveLength(4)
    // A failure of another kind is new, so it is retried again.
    hang = false
    const unavailable = await within(rejection(http.send(nodes), 'UNAVAILABLE'), 3000)
    expect(unavailable.details['status']).toBe(503)
    expect(pdb.requests).toHaveLength(7)
    expect(http.breaker?.lastFailure?.signature).toBe('UNAVAILABLE:503')
  })

  it('while half-open, fails a call beyond the trial at once instead of retrying it', async () => {
    let held: ServerResponse | undefined
    const pdb = await server((_, res, index) => (index === 0 ? answer(res, 503, 'down') : (held = res)))
    let clock = 0
    const { delays, hooks } = fakeSleep()
    const http = client({ url: pdb.url, circuitBreaker: { failureThreshold: 1, resetTimeoutMs: 1000 } }, { ...hooks, now: () => clock })
    await rejection(http.send(nodes), 'UNAVAILABLE')
    clock = 1000
    const trial = http.send(nodes)
    await pdb.nextRequest() // the failure that opened the breaker
    await within(pdb.nextRequest(), 1000, 'the trial request')
    const extra = await rejection(http.send(nodes), 'UNAVAILABLE')
    expect(extra.details['state']).toBe('half-open')
    expect(delays).toEqual([])
    answer(held!, 200, [])
    expect((await resolved(trial)).body).toEqual([])
    expect(http.breaker?.state).toBe('closed')
    expect(pdb.requests).toHaveLength(2)
  })

  it('does not count answers that blame the request (400, 404, 401) as backend failures', async () => {
    const statuses = [400, 404, 401]
    const pdb = await server((_, res, index) => answer(res, statuses[index % 3] ?? 400, 'no'))
    const http = client({ url: pdb.url, circuitBreaker: { failureThreshold: 1 } })
    await rejection(http.send(nodes), 'VALIDATION_ERROR')
    await rejection(http.send(nodes), 'NOT_FOUND')
    await rejection(http.send(nodes), 'PERMISSION_DENIED')
    expect(http.breaker).toMatchObject({ state: 'closed', failures: 0, calls: 3 })
  })

  it('lets a start probe through an open breaker, and its answer closes the breaker', async () => {
    // Down for three requests, then back: a host's start retry must find it without waiting out resetTimeoutMs.
    const pdb = await server((_, res, index) => (index < 3 ? answer(res, 503, 'down') : answer(res, 200, { version: '8.8.1' })))
    const http = client({ url: pdb.url, retry: false, circuitBreaker: { failureThreshold: 2, resetTimeoutMs: 600_000 } })
    const version = { method: 'GET', path: '/pdb/meta/v1/version' } as const
    await rejection(http.send(nodes), 'UNAVAILABLE')
    await rejection(http.send(nodes), 'UNAVAILABLE')
    expect(http.breaker?.state).toBe('open')
    expect((await rejection(http.send(version), 'UNAVAILABLE')).details['state']).toBe('open')
    expect(pdb.requests).toHaveLength(2)

    // A failed probe reaches the server and leaves the breaker open.
    expect((await rejection(http.send({ ...version, probe: true }), 'UNAVAILABLE')).details['status']).toBe(503)
    expect(pdb.requests).toHaveLength(3)
    expect(http.breaker?.state).toBe('open')

    // The next probe is answered: the breaker closes, and ordinary calls reach PuppetDB again.
    expect((await resolved(http.send({ ...version, probe: true }))).body).toEqual({ version: '8.8.1' })
    expect(http.breaker?.state).toBe('closed')
    expect((await resolved(http.send(nodes))).status).toBe(200)
    expect(pdb.requests).toHaveLength(5)
  })

  it('a 500 that PuppetDB gives only to this request is the request\'s fault: not retried, not counted by the breaker', async () => {
    // PuppetDB answers its version, but fails this one query (as it did for a name holding U+0000).
    const pdb = await server((req, res) => (req.url?.startsWith('/pdb/meta/v1/version') ? answer(res, 200, { version: '8.8.1' }) : answer(res, 500, 'ERROR: invalid byte sequence')))
    const http = client({ url: pdb.url, retry: { retries: 3 }, circuitBreaker: { failureThreshold: 2 } })
    for (let i = 0; i < 3; i++) {
      const error = await rejection(http.send(nodes), 'PLUGIN_ERROR')
      expect(error.retryable).toBe(false)
      expect(error.details).toMatchObject({ status: 500, requestFault: true })
      expect(error.message).toMatch(/this request is the likely cause/)
    }
    // One query and one version check per call, no retries; the breaker never counted a failure.
    expect(pdb.requests.map((r) => r.url?.split('?')[0])).toEqual(Array.from({ length: 3 }, () => ['/pdb/query/v4/nodes', '/pdb/meta/v1/version']).flat())
    expect(http.breaker).toMatchObject({ state: 'closed', failures: 0 })
  })

  it('a 500 while PuppetDB fails its version check too is an outage: UNAVAILABLE, counted by the breaker', async () => {
    const pdb = await server((_, res) => answer(res, 500, 'down'))
    const http = client({ url: pdb.url, retry: false, circuitBreaker: { failureThreshold: 2 } })
    await rejection(http.send(nodes), 'UNAVAILABLE')
    await rejection(http.send(nodes), 'UNAVAILABLE')
    expect(http.breaker?.state).toBe('open')
  })

  it('has no breaker with circuitBreaker: false', async () => {
    const pdb = await server((_, res) => answer(res, 503, 'down'))
    const http = client({ url: pdb.url, retry: false, circuitBreaker: false })
    for (let i = 0; i < 6; i++) await rejection(http.send(nodes), 'UNAVAILABLE')
    expect(http.breaker).toBeUndefined()
    expect(pdb.requests).toHaveLength(6)
  })

  it('reports state changes to onBreakerStateChange listeners', async () => {
    const pdb = await server((_, res) => answer(res, 500, 'down'))
    const http = client({ url: pdb.url, retry: false, circuitBreaker: { failureThreshold: 1 } })
    const changes: string[] = []
    http.onBreakerStateChange(({ from, to }) => changes.push(`${from}->${to}`))
    await rejection(http.send(nodes), 'UNAVAILABLE')
    expect(changes).toEqual(['closed->open'])
  })
})
