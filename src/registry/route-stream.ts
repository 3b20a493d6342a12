import type { ProviderContext } from '../capabilities/provider-context.js'
import { toCapstanError } from '../errors/capstan-error.js'
import type { ProviderEntry } from './provider-entry.js'

/**
 * Streams from one provider, or from several merged as items arrive. Ends
 * when every source ends or the signal aborts; the first source error ends
 * the merged stream with that error (attributed to its plugin).
 */
export async function* routeStream(
  capability: string,
  providers: ProviderEntry[],
  input: unknown,
  ctxFor: (entry: ProviderEntry) => ProviderContext,
): AsyncGenerator<unknown> {
  const iterators = providers.map((entry) => ({
    entry,
    it: (entry.handler(input, ctxFor(entry)) as AsyncIterable<unknown>)[Symbol.asyncIterator](),
  }))
  const pending = new Map<number, Promise<{ index: number; result: IteratorResult<unknown> }>>()
  const pull = (index: number) => {
    const source = iterators[index]
    if (source === undefined) return
    const next = source.it.next().then(
      (result) => ({ index, result }),
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
      const { index, result } = await Promise.race(pending.values())
      if (result.done) {
        pending.delete(index)
        continue
      }
      pull(index)
      yield result.value
    }
  } finally {
    await Promise.allSettled(iterators.map(({ it }) => it.return?.()))
  }
}
