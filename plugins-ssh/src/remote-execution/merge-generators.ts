/**
 * Yields the items of several async iterators as each produces them, so one
 * slow node never holds back another's output. Ends when all have ended; an
 * iterator that throws ends the merge with that error, after the others are
 * closed. Leaving the loop early closes every iterator still running (their
 * `finally` blocks stop what they run).
 */
export async function* mergeGenerators<T>(sources: ReadonlyArray<AsyncIterator<T>>): AsyncGenerator<T, void, undefined> {
  type Step = { index: number; result: IteratorResult<T> }
  const pending = new Map<number, Promise<Step>>()
  const pull = (index: number): void => {
    const source = sources[index] as AsyncIterator<T>
    pending.set(index, source.next().then((result) => ({ index, result })))
  }
  sources.forEach((_, index) => pull(index))
  try {
    while (pending.size > 0) {
      const { index, result } = await Promise.race(pending.values())
      if (result.done === true) {
        pending.delete(index)
        continue
      }
      pull(index)
      yield result.value
    }
  } finally {
    // Early exit or a thrown error: close whatever is still open, never leaving a remote command running.
    const open = [...pending.keys()]
    pending.clear()
    await Promise.allSettled(open.map((index) => sources[index]?.return?.()))
  }
}
