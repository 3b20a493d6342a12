import { httpStatusOf, isCapstanError, type Execution } from 'capstan'

/** How an execution's events go over HTTP: Server-Sent Events, or one JSON document per line. */
export type StreamFormat = 'sse' | 'ndjson'

/** The format a client asked for in its Accept header: SSE for `text/event-stream`, else NDJSON. */
export function streamFormatOf(accept: string | undefined): StreamFormat {
  return accept?.includes('text/event-stream') === true ? 'sse' : 'ndjson'
}

/** The response headers of a stream: its type, and no caching or proxy buffering, so each event arrives as it happens. */
export function streamHeaders(format: StreamFormat): Record<string, string> {
  return {
    'content-type': format === 'sse' ? 'text/event-stream; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
  }
}

/**
 * An execution's events as response chunks, from `queued` to `finished`.
 * SSE events are named by type (`event: node:output`) with the event's `seq`
 * as id; NDJSON lines are the events themselves. The headers are sent by
 * then, so a failure that ends the stream (a plugin refusing the request)
 * becomes a last `error` event carrying the code and its HTTP status.
 */
export async function* executionChunks(run: Execution, format: StreamFormat): AsyncGenerator<string> {
  try {
    for await (const event of run) {
      yield format === 'sse' ? `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n` : `${JSON.stringify(event)}\n`
    }
  } catch (error) {
    const data = { type: 'error', status: httpStatusOf(error), error: isCapstanError(error) ? error.toJSON() : { message: 'Internal error' } }
    yield format === 'sse' ? `event: error\ndata: ${JSON.stringify(data)}\n\n` : `${JSON.stringify(data)}\n`
  }
}
