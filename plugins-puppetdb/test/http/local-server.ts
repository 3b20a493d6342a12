import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { deferred, type Deferred } from '@capstan/test-support/async'

/** One request a {@link LocalServer} received. */
export interface ReceivedRequest {
  method: string
  /** Path and query string, as sent. */
  url: string
  headers: http.IncomingHttpHeaders
  body: string
  /** Resolves with whether the response had been sent when the exchange closed (false: the client gave up). */
  closed: Promise<{ answered: boolean }>
}

/** A real HTTP server on 127.0.0.1 and a random port, recording what it receives. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>` */
  url: string
  port: number
  /** Every request, in arrival order. */
  requests: ReceivedRequest[]
  /** TCP connections accepted so far. */
  connections: Socket[]
  /** Resolves with the next request to arrive (or the one that already arrived at that index). */
  nextRequest(): Promise<ReceivedRequest>
  close(): Promise<void>
}

/** How the server answers: write to `res`, or leave it open to simulate a PuppetDB that hangs. */
export type Handler = (req: ReceivedRequest, res: http.ServerResponse, index: number) => void

/** Starts a server; `handler` runs after the request body has been read. */
export async function startServer(handler: Handler): Promise<LocalServer> {
  const requests: ReceivedRequest[] = []
  const connections: Socket[] = []
  const waiting: Deferred<ReceivedRequest>[] = []
  let taken = 0
  const server = http.createServer((req, res) => {
    const closed = deferred<{ answered: boolean }>()
    // ServerResponse 'close' fires when the exchange ends: after the answer, or when the client destroys the request.
    res.on('close', () => closed.resolve({ answered: res.writableFinished }))
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const received: ReceivedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        closed: closed.promise,
      }
      const index = requests.push(received) - 1
      waiting.shift()?.resolve(received)
      handler(received, res, index)
    })
  })
  server.on('connection', (socket) => connections.push(socket))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    connections,
    nextRequest() {
      const index = taken++
      const already = requests[index]
      if (already !== undefined) return Promise.resolve(already)
      const next = deferred<ReceivedRequest>()
      waiting.push(next)
      return next.promise
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Answers with `status`, a body and headers; a non-string body is sent as JSON. */
export function answer(res: http.ServerResponse, status: number, body: unknown = '', headers: Record<string, string> = {}): void {
  const json = typeof body !== 'string'
  const text = json ? JSON.stringify(body) : body
  res.writeHead(status, { 'content-type': json ? 'application/json;charset=utf-8' : 'text/plain;charset=utf-8', ...headers })
  res.end(text)
}

/** A port nothing listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
