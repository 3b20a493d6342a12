// The embedding examples of docs/embedding.md, run for real: each server on
// 127.0.0.1:0 with the local plugin, real HTTP requests, a real shutdown.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import type { ExecutionEvent } from 'capstan'
import { afterEach, describe, expect, it } from 'vitest'
import type { EmbeddedServer, ServerOptions } from '../../examples/embedding/embedded-server.js'
import { startExpressServer } from '../../examples/embedding/express-server.js'
import { startFastifyServer } from '../../examples/embedding/fastify-server.js'
import { repoRoot } from '../cli/built-cli.js'
import { within } from '@capstan/test-support/async'
import { scratchDir } from '@capstan/test-support/scratch-dir'

const operator = { authorization: 'Bearer operator-token' }
const viewer = { authorization: 'Bearer viewer-token' }

/** Servers a test started and has not closed itself. */
const open = new Set<EmbeddedServer>()
afterEach(async () => {
  for (const server of open) await server.close()
  open.clear()
})

/** One event of a stream, SSE or NDJSON, with the SSE event name when there is one. */
type StreamedEvent = ExecutionEvent & { sseEvent?: string }

/** The events of an SSE or NDJSON response body, as they arrive. */
async function* streamedEvents(response: Response): AsyncGenerator<StreamedEvent> {
  const sse = response.headers.get('content-type')?.startsWith('text/event-stream') === true
  const decoder = new TextDecoder()
  let buffer = ''
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true })
    const separator = sse ? '\n\n' : '\n'
    let end: number
    while ((end = buffer.indexOf(separator)) !== -1) {
      const record = buffer.slice(0, end)
      buffer = buffer.slice(end + separator.length)
      if (!sse) {
        yield JSON.parse(record) as StreamedEvent
        continue
      }
      const fields = Object.fromEntries(record.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]))
      yield { ...(JSON.parse(fields['data'] ?? 'null') as ExecutionEvent), sseEvent: fields['event'] }
    }
  }
}

/** Reads events until one of `type`; the rest of the stream stays open, to read on. */
async function until(events: AsyncGenerator<StreamedEvent>, type: string): Promise<StreamedEvent> {
  for (let next = await events.next(); next.done !== true; next = await events.next()) if (next.value.type === type) return next.value
  throw new Error(`the stream ended without a ${type} event`)
}

function postCommand(server: EmbeddedServer, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(`${server.url}/commands`, { method: 'POST', headers: { ...operator, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), ...(signal === undefined ? {} : { signal }) })
}

/** How a request made while the server shuts down is refused: 503, or no connection at all. */
async function refusal(url: string): Promise<string> {
  try {
    return String((await fetch(url, { headers: viewer })).status)
  } catch (error) {
    return (error as { cause?: { code?: string } }).cause?.code ?? String(error)
  }
}

const frameworks = [
  ['Fastify', startFastifyServer, 'examples/embedding/fastify-server.ts'],
  ['Express', startExpressServer, 'examples/embedding/express-server.ts'],
] as const

describe.each(frameworks)('%s example', { timeout: 30_000 }, (_name, startServer, file) => {
  async function start(options: ServerOptions = {}): Promise<EmbeddedServer> {
    const server = await startServer({ port: 0, ...options })
    open.add(server)
    return server
  }

  it('lists the inventory for the principal of the Authorization header, and answers 401 without one', async () => {
    const server = await start()
    const response = await fetch(`${server.url}/inventory`, { headers: viewer })
    expect(response.status).toBe(200)
    expect(((await response.json()) as { nodes: Array<{ id: string }> }).nodes.map((n) => n.id)).toEqual(['localhost'])
    const anonymous = await fetch(`${server.url}/inventory`)
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer')
  })

  it('answers a facts read of an unknown node 404 with the NOT_FOUND error, and reads localhost\'s', async () => {
    const server = await start()
    const missing = await fetch(`${server.url}/nodes/nope.example.com/facts`, { headers: viewer })
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ error: { code: 'NOT_FOUND', retryable: false, details: { node: 'nope.example.com' } } })
    const found = await fetch(`${server.url}/nodes/localhost/facts`, { headers: viewer })
    expect(found.status).toBe(200)
    expect(await found.json()).toMatchObject({ node: 'localhost', source: 'local' })
  })

  it('answers 403 with PERMISSION_DENIED when the policy denies the principal, and 400 for a bad input', async () => {
    const server = await start()
    const denied = await postCommand(server, { targets: 'localhost', command: 'echo hi' }, viewer)
    expect(denied.status).toBe(403)
    expect(await denied.json()).toMatchObject({ error: { code: 'PERMISSION_DENIED', details: { principal: 'vic', capability: 'command.execute' } } })
    const invalid = await postCommand(server, { targets: 'localhost' })
    expect(invalid.status).toBe(400)
    expect(await invalid.json()).toMatchObject({ error: { code: 'VALIDATION_ERROR', details: { issues: [expect.objectContaining({ path: 'command' })] } } })
  })

  it('streams a command as Server-Sent Events, from queued to finished', async () => {
    const server = await start()
    const response = await postCommand(server, { targets: 'localhost', command: 'echo hi' }, { accept: 'text/event-stream' })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const events = []
    for await (const event of streamedEvents(response)) events.push(event)
    expect(events.map((e) => e.type)).toEqual(['queued', 'started', 'node:started', 'node:output', 'node:finished', 'finished'])
    expect(events.every((e) => e.sseEvent === e.type)).toBe(true)
    expect(events.find((e) => e.type === 'node:output')).toMatchObject({ node: 'localhost', chunk: 'hi\n' })
    expect(events.at(-1)).toMatchObject({ type: 'finished', result: { status: 'success' } })
  })

  it('streams a command as NDJSON when the client does not ask for SSE', async () => {
    const server = await start()
    const response = await postCommand(server, { targets: 'localhost', command: 'echo hi' })
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8')
    const events = []
    for await (const event of streamedEvents(response)) events.push(event)
    expect(events.map((e) => e.type)).toEqual(['queued', 'started', 'node:started', 'node:output', 'node:finished', 'finished'])
    expect(events.at(-1)).toMatchObject({ result: { status: 'success', nodes: [expect.objectContaining({ node: 'localhost', exitCode: 0 })] } })
  })

  it('cancels the run when the client disconnects: the result is cancelled, the process stopped', async () => {
    const server = await start()
    const client = new AbortController()
    const response = await postCommand(server, { targets: 'localhost', command: 'sleep 30' }, { accept: 'text/event-stream' }, client.signal)
    const started = await within(until(streamedEvents(response), 'node:started'), 10_000, 'node:started')
    client.abort()

    const run = server.capstan.executions.get(started.executionId)
    expect(run).toBeDefined()
    const result = await within(run!.result, 10_000, 'the run after the disconnect')
    expect(result.status).toBe('cancelled')
    expect(result.nodes).toEqual([expect.objectContaining({ node: 'localhost', status: 'cancelled', signal: 'SIGTERM' })])
  })

  it('shuts down in order: new requests refused at once, a running command finishes within the grace, then server and Capstan close', async () => {
    const server = await start({ graceMs: 600_000 })
    const go = join(scratchDir('capstan-embedding-'), 'go')
    const response = await postCommand(server, { targets: 'localhost', command: `while [ ! -e '${go}' ]; do sleep 0.05; done; echo done` }, { accept: 'text/event-stream' })
    const events = streamedEvents(response)
    await within(until(events, 'node:started'), 10_000, 'node:started')

    open.delete(server)
    const closing = server.close()
    expect(['503', 'ECONNREFUSED']).toContain(await refusal(`${server.url}/inventory`))
    writeFileSync(go, '')
    const finished = await within(until(events, 'finished'), 10_000, 'the finished event')
    expect(finished).toMatchObject({ result: { status: 'success', nodes: [expect.objectContaining({ status: 'success', stdout: 'done\n' })] } })
    await within(closing, 10_000, 'close')

    expect(await refusal(`${server.url}/inventory`)).toBe('ECONNREFUSED')
    expect(server.capstan.plugins().map((p) => p.state)).toEqual(['disposed'])
    await expect(server.capstan.inventory.list()).rejects.toMatchObject({ code: 'UNAVAILABLE', details: { state: 'closed' } })
  })

  it('cancels a command still running when the grace is over, and the stream says so before the server closes', async () => {
    const server = await start({ graceMs: 50 })
    const response = await postCommand(server, { targets: 'localhost', command: 'sleep 30' })
    const events = streamedEvents(response)
    await within(until(events, 'node:started'), 10_000, 'node:started')
    open.delete(server)
    const closing = server.close()
    const finished = await within(until(events, 'finished'), 10_000, 'the finished event')
    expect(finished).toMatchObject({ result: { status: 'cancelled', nodes: [expect.objectContaining({ status: 'cancelled' })] } })
    await within(closing, 10_000, 'close')
    expect(await refusal(`${server.url}/inventory`)).toBe('ECONNREFUSED')
  })

  it('closes a connection a client opened and never used, which would otherwise hold the server open', async () => {
    const server = await start()
    const { hostname, port } = new URL(server.url)
    const idle = connect(Number(port), hostname)
    await once(idle, 'connect')
    const dropped = once(idle, 'close')
    open.delete(server)
    await within(server.close(), 10_000, 'close with an unused connection open')
    await within(dropped, 10_000, 'the unused connection to be closed')
  })

  it('runs on its own: SIGTERM shuts it down and the process exits by itself, nothing left open', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: repoRoot, env: { ...process.env, PORT: '0', GRACE_MS: '1000' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    const url = await within(
      new Promise<string>((resolve) => {
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk
          const match = /listening on (\S+)/.exec(stdout)
          if (match?.[1] !== undefined) resolve(match[1])
        })
      }),
      20_000,
      `the server to listen (stderr: ${stderr})`,
    )
    expect((await fetch(`${url}/inventory`, { headers: viewer })).status).toBe(200)
    child.kill('SIGTERM')
    expect(await within(exited, 20_000, 'the process to exit')).toBe(0)
    expect(stdout).toContain('SIGTERM: shutting down')
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('closed')
  })
})
