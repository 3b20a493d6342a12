import { CapstanError, type Logger } from 'capstan'
import { describeLeftovers, HandleBaseline, isEmpty } from './handle-baseline.js'
import { iteratorOf } from './handler-run.js'
import { providerContext, type ProviderCall } from './provider-call.js'
import { settleWithin, type Settled } from './settle-within.js'

/** How long the kit waits for the first item before aborting anyway, in ms (at most half the bound). */
const FIRST_ITEM_WAIT_MS = 1_000
/** Items a stream may yield after its abort before it counts as ignoring it (it may be yielding without ever waiting). */
const MAX_ITEMS_AFTER_ABORT = 1_000

/** What aborting a stream or execution showed: problems, and what it threw (for the error-codes check). */
export interface AbortOutcome {
  problems: string[]
  /** What the handler threw, before or after the abort. */
  error?: unknown
}

/**
 * Check 4 for one call: opens the stream or execution with a signal,
 * aborts it after the first item (or when none came soon), and requires the
 * iterator to finish within the bound and everything it opened (processes,
 * sockets, timers) to be closed after it.
 */
export async function abortRun(call: ProviderCall, logger: Logger, timeoutMs: number): Promise<AbortOutcome> {
  const baseline = HandleBaseline.take()
  const controller = new AbortController()
  const ctx = providerContext(call, logger, controller.signal)
  let iterator: AsyncIterator<unknown>
  try {
    iterator = iteratorOf(call.handler(call.input, ctx))
  } catch (error) {
    return { problems: [], error }
  }
  const firstNext = Promise.resolve().then(() => iterator.next())
  const first = await settleWithin(() => firstNext, Math.min(FIRST_ITEM_WAIT_MS, timeoutMs / 2))
  let stop: { stopped: boolean; items: number; error?: unknown } = { stopped: true, items: 0 }
  if (first.status === 'error') stop = { stopped: true, items: 0, error: first.error }
  else if (first.status === 'timeout' || first.value.done !== true) {
    baseline.notice()
    controller.abort(new CapstanError('CANCELLED', { message: `The conformance run aborted ${call.descriptor.id}` }))
    stop = await drain(iterator, first.status === 'timeout' ? firstNext : undefined, timeoutMs)
  }
  const problems: string[] = []
  if (!stop.stopped) {
    problems.push(`it did not stop within ${timeoutMs} ms of the abort (${stop.items > 0 ? `it yielded ${stop.items} more items` : 'its next() did not settle'})`)
    // Its return() may wait behind that next() for ever: not awaited.
    void Promise.resolve()
      .then(() => iterator.return?.())
      .catch(() => {})
  }
  const left = await baseline.leftoversWithin(timeoutMs)
  if (!isEmpty(left)) problems.push(`after the abort it left ${describeLeftovers(left)}`)
  return { problems, ...(stop.error === undefined ? {} : { error: stop.error }) }
}

/** Reads the iterator after the abort until it ends, throws, or the bound passes. */
async function drain(iterator: AsyncIterator<unknown>, pending: Promise<IteratorResult<unknown>> | undefined, timeoutMs: number): Promise<{ stopped: boolean; items: number; error?: unknown }> {
  const deadline = performance.now() + timeoutMs
  let items = 0
  let next = pending
  while (items < MAX_ITEMS_AFTER_ABORT && performance.now() < deadline) {
    const current = next
    next = undefined
    const read: Settled<IteratorResult<unknown>> = await settleWithin(() => current ?? iterator.next(), deadline - performance.now())
    if (read.status === 'timeout') break
    if (read.status === 'error') return { stopped: true, items, error: read.error }
    if (read.value.done === true) return { stopped: true, items }
    items++
  }
  return { stopped: false, items }
}
