/**
 * Capstan embedded in Express 5: the same service as fastify-server.ts, the
 * Express way. See docs/embedding.md.
 *
 *   npx tsx examples/embedding/express-server.ts      # PORT, HOST, GRACE_MS from the environment
 *   curl -H 'Authorization: Bearer viewer-token' localhost:3000/inventory
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createCapstan, httpStatusOf, isCapstanError, localPlugin, type Execution } from 'capstan'
import express, { type NextFunction, type Request, type Response } from 'express'
import { policy, principalOf } from './access.js'
import { disconnectSignal } from './disconnect-signal.js'
import type { EmbeddedServer, ServerOptions } from './embedded-server.js'
import { executionChunks, streamFormatOf, streamHeaders } from './execution-stream.js'
import { ResponsesInFlight } from './responses-in-flight.js'
import { isMain, serveUntilSignal } from './serve-until-signal.js'

export async function startExpressServer({ host = '127.0.0.1', port = 3000, graceMs = 10_000 }: ServerOptions = {}): Promise<EmbeddedServer> {
  // One Capstan for the process, created before the first request: plugins, caches and the queue are shared by all requests.
  const capstan = await createCapstan({ plugins: [localPlugin()], policy })
  const app = express()
  app.use(express.json())

  app.use((request, response, next) => {
    if (principalOf(request.get('authorization')) !== undefined) return next()
    response.status(401).set('www-authenticate', 'Bearer').json({ error: { message: 'Send Authorization: Bearer <token>' } })
  })

  /** Who asks, and a signal that stops the work when the client goes away. */
  const callOptions = (request: Request, response: Response) => ({ principal: principalOf(request.get('authorization')), signal: disconnectSignal(response) })

  app.get('/inventory', async (request, response) => {
    response.json(await capstan.inventory.list({}, callOptions(request, response)))
  })

  app.get('/nodes/:node/facts', async (request, response) => {
    response.json(await capstan.facts.get(request.params.node, callOptions(request, response)))
  })

  app.post('/commands', async (request, response) => {
    const options = callOptions(request, response)
    // Resolves once the execution is accepted, so a refusal (400, 403, 404) is an ordinary error response.
    const run = (await capstan.invokeUnchecked('command.execute', request.body, options)) as Execution
    const format = streamFormatOf(request.get('accept'))
    response.status(200).set(streamHeaders(format))
    try {
      await pipeline(Readable.from(executionChunks(run, format)), response)
    } catch (error) {
      // A client that left ends the pipeline early; its signal has cancelled the run, and there is no one to answer.
      if (!options.signal.aborted) throw error
    }
  })

  // Express 5 passes a rejected handler's error here.
  app.use((error: unknown, _request: Request, response: Response, next: NextFunction) => {
    // Not Capstan's: Express's own (a body that is not JSON is 400) or a bug (500), or a stream already under way; its default handler answers.
    if (!isCapstanError(error) || response.headersSent) return next(error)
    response.status(httpStatusOf(error)).json({ error: error.toJSON() })
  })

  const server = createServer(app)
  const responses = new ResponsesInFlight()
  server.on('request', (_request, response) => responses.add(response))
  try {
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve))
  } catch (error) {
    await capstan.close()
    throw error
  }
  const address = server.address() as AddressInfo

  async function close(): Promise<void> {
    // Stop taking connections; the callback comes once every open one has ended.
    const closed = new Promise<void>((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error))))
    // Requests on connections still open are refused from here on (UNAVAILABLE, 503). Running executions
    // get the grace, then the rest are cancelled: every stream ends.
    await capstan.close({ graceMs })
    await responses.closed()
    // Every response is complete: what is left is idle.
    server.closeAllConnections()
    await closed
  }
  return { url: `http://${host}:${address.port}`, capstan, close }
}

if (isMain(import.meta.url)) await serveUntilSignal(startExpressServer)
