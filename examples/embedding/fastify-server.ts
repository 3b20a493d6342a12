/**
 * Capstan embedded in Fastify: one Capstan per process, the principal from
 * the Authorization header, a signal that aborts when the client goes away,
 * error codes as HTTP statuses, executions streamed as SSE or NDJSON, and a
 * shutdown that lets running executions finish. See docs/embedding.md.
 *
 *   npx tsx examples/embedding/fastify-server.ts      # PORT, HOST, GRACE_MS from the environment
 *   curl -H 'Authorization: Bearer viewer-token' localhost:3000/inventory
 */
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { createCapstan, httpStatusOf, isCapstanError, localPlugin, type Execution, type InvokeOptions } from 'capstan'
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'
import { policy, principalOf } from './access.js'
import { disconnectSignal } from './disconnect-signal.js'
import type { EmbeddedServer, ServerOptions } from './embedded-server.js'
import { executionChunks, streamFormatOf, streamHeaders } from './execution-stream.js'
import { ResponsesInFlight } from './responses-in-flight.js'
import { isMain, serveUntilSignal } from './serve-until-signal.js'

export async function startFastifyServer({ host = '127.0.0.1', port = 3000, graceMs = 10_000 }: ServerOptions = {}): Promise<EmbeddedServer> {
  // One Capstan for the process, created before the first request: plugins, caches and the queue are shared by all requests.
  const capstan = await createCapstan({ plugins: [localPlugin()], policy })
  // At close, after the preClose hook below, Fastify closes every connection left rather than wait for idle ones.
  const app = Fastify({ forceCloseConnections: true })
  const responses = new ResponsesInFlight()
  app.server.on('request', (_request, response) => responses.add(response))

  app.addHook('onRequest', async (request, reply) => {
    if (principalOf(request.headers.authorization) === undefined) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({ error: { message: 'Send Authorization: Bearer <token>' } })
    }
  })

  /** Who asks, and a signal that stops the work when the client goes away. */
  const callOptions = (request: FastifyRequest, reply: FastifyReply): InvokeOptions => ({ principal: principalOf(request.headers.authorization), signal: disconnectSignal(reply.raw) })

  app.get('/inventory', (request, reply) => capstan.inventory.list({}, callOptions(request, reply)))

  app.get<{ Params: { node: string } }>('/nodes/:node/facts', (request, reply) => capstan.facts.get(request.params.node, callOptions(request, reply)))

  app.post('/commands', async (request, reply) => {
    // Resolves once the execution is accepted, so a refusal (400, 403, 404) is an ordinary error response.
    const run = (await capstan.invokeUnchecked('command.execute', request.body, callOptions(request, reply))) as Execution
    const format = streamFormatOf(request.headers.accept)
    return reply.headers(streamHeaders(format)).send(Readable.from(executionChunks(run, format)))
  })

  app.setErrorHandler((error, _request, reply) => {
    // Not Capstan's: Fastify's own (a body that is not JSON is 400) or a bug (500); its default handler answers.
    if (!isCapstanError(error)) throw error
    return reply.code(httpStatusOf(error)).send({ error: error.toJSON() })
  })

  // app.close() first stops routing (new requests get 503), then runs this, then closes the server and its connections.
  app.addHook('preClose', async () => {
    // Running executions get the grace, then the rest are cancelled: every stream ends.
    await capstan.close({ graceMs })
    await responses.closed()
  })

  try {
    await app.listen({ host, port })
  } catch (error) {
    await capstan.close()
    throw error
  }
  const address = app.server.address() as AddressInfo
  return { url: `http://${host}:${address.port}`, capstan, close: () => app.close() }
}

if (isMain(import.meta.url)) await serveUntilSignal(startFastifyServer)
