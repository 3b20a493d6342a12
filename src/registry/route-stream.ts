import type { ProviderContext } from '../capabilities/provider-context.js'
import { CapstanError, toCapstanError } from '../errors/capstan-error.js'
import type { ProviderEntry } from './provider-entry.js'

/** How long a stopped stream waits for its providers' cleanup before the consumer moves on. */
const CLOSE_GRACE_MS = 50

type Pulled = { index: number; result: IteratorResult<unknown> } | { aborted: true }

/**
 * Streams from one provider, or from several merged as items arrive.
 *
 * - Ends when every source ends, or quietly when the caller's signal aborts,
 *   even if a provider ignores its own signal; a signal already aborted ends
 *   it before any provider is called.
 * - When the consumer stops (break, return, abort), every provider's signal is
 *   aborted and its iterator closed; the consumer never waits for a provider
 *   that is stuck waiting for its next item.
 * - The first source error ends the merged stream with that error, naming its plugin.
 */
export async function* routeStream(
  capability: string,
  providers: ProviderEntry[],
  inputFor: (entry: ProviderEntry) => unknown,
  ctxFor: (entry: ProviderEntry, signal: AbortSignal) => ProviderContext,
  callerSignal?: AbortSignal,
): AsyncGenerator<unknown> {
  // Aborted before it opened: end quietly, as an abort while streaming does, without starting any provider.
  if (callerSignal?.aborted) return
  const controller = new AbortController()
  const stop = () => controller.abort(new CapstanError('CANCELLED', { message: `${capability} stream was stopped`, details: { capability } }))
  callerSignal?.addEventListener('abort', stop, { once: true })
  if (callerSignal?.aborted) stop()
  const abortedPromise = new Promise<Pulled>((resolve) => {
    if (controller.signal.aborted) resolve({ aborted: true })
    else controller.signal.addEventListener('abort', () => resolve({ aborted: true }), { once: true })
  })
  const iterators = providers.map((entry) => ({
    entry,
    it: (entry.handler(inputFor(entry), ctxFor(entry, controller.signal)) as AsyncIterable<unknown>)[Symbol.asyncIterator](),
  }))
  const pending = new Map<number, Promise<Pulled>>()
  const pull = (index: number) => {
    const source = iterators[index]
    if (source === undefined) return
    const next = source.it.next().then(
      (result): Pulled => ({ index, result }),
      (error: unknown) => {
        throw toCapstanError(error, { plugin: source.entry.plugin, capability })
      },
    )
    // Raced below; this only keeps a rejection that loses the race from being reported as unhandled.
    next.catch(() => {})
    pending.set(index, next)
  }
  iterators.forEach((_, index) => pull(index))
  try {
    while (pending.size > 0) {
      const pulled = await Promise.race([abortedPromise, ...pending.values()])
      if ('aborted' in pulled) return
      pending.delete(pulled.index)
      if (pulled.result.done) continue
      pull(pulled.index)
      yield pulled.result.value
    }
  } finally {
    callerSignal?.removeEventListener('abort', stop)
    stop()
    // A generator's return() queues behind a next() that may never settle (a provider that
    // ignores its signal), so the consumer gives providers a short grace to clean up, no more.
    const closing = Promise.allSettled(iterators.map(({ it }) => it.return?.()))
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref())])
  }
}
