import { once } from 'node:events'
import type { ServerResponse } from 'node:http'

/**
 * The responses a server is still writing. A shutdown waits for them, then
 * closes every connection left: all idle by then, keep-alive ones and those
 * a client opened and never used (fetch and browsers open spares), which
 * `server.close()` alone would wait on until the client drops them.
 */
export class ResponsesInFlight {
  readonly #open = new Set<ServerResponse>()

  /** Follows `response` until it closes: finished, or its client gone. */
  add(response: ServerResponse): void {
    this.#open.add(response)
    response.once('close', () => this.#open.delete(response))
  }

  /** Resolves once every response under way now has closed. */
  async closed(): Promise<void> {
    await Promise.all([...this.#open].map((response) => once(response, 'close')))
  }
}
