import type { ServerResponse } from 'node:http'

/**
 * A signal that aborts when the client goes away before its response is
 * complete: the response's `close` comes while it is not yet finished.
 * (The request's own `close` is no use for this: Node emits it as soon as the
 * request body has been read.) Fastify's `reply.raw` and Express's `res` are
 * both this Node response.
 */
export function disconnectSignal(response: ServerResponse): AbortSignal {
  const controller = new AbortController()
  response.once('close', () => {
    if (!response.writableFinished) controller.abort(new Error('The client closed the connection'))
  })
  return controller.signal
}
