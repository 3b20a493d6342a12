import { CapstanError, type Logger } from 'capstan'
import { describeLeftovers, HandleBaseline, isEmpty } from './handle-baseline.js'
import { iteratorOf } from './handler-run.js'
import { providerContext, type ProviderCall } from './provider-call.js'
import { settleWithin, type Settled } from './settle-within.js'

/** How long the kit waits for the first item before aborting anyway, in ms (at most half the bound). */
const FIRST_ITEM_WAIT_MS = 1_000
/** Items a stream may yield after its abort before it counts as ignoring it (it may be yielding without ever waiting). */
const MAX_ITEMS_AFTER_ABORT = 1_000
/** How often the kit looks for the call's child processes while it waits, in ms: a child killed early may leave a grandchild behind. */
const NOTICE_EVERY_MS = 25

/** When the abort comes: with the signal already aborted when the handler is called, or once the first item came (or did not come soon). */
export type AbortMoment = 'before the call' | 'after the first item'

/** What aborting a stream or execution showed: problems, and what it threw (for the error-codes check). */
export interface AbortOutcome {
  problems: string[]
  /** What the handler threw, before or after the abort. */
  error?: unknown
}

/** How reading the iterator after the abort ended. */
interface Drained {
  stopped: boolean
  items: number
  error?: unknown
}

/**
 * Check 4 for one call: opens the stream or execution with a signal that
 * aborts at `moment`, and requires the iterator to finish within the bound
 * and the processes, sockets and pipes it opened to be closed after it.
 */
export async function abortRun(call: ProviderCall, logger: Logger, timeoutMs: number, moment: AbortMoment): Promise<AbortOutcome> {
  const baseline = HandleBaseline.take('more than before')
  const controller = new AbortController()
  const abort = () => {
    baseline.notice()
    controller.abort(new CapstanError('CANCELLED', { message: `The conformance run aborted ${call.descriptor.id}` }))
  }
  if (moment === 'before the call') abort()
  let iterator: AsyncIterator<unknown>
  try {
    iterator = iteratorOf(call.handler(call.input, providerContext(call, logger, controller.signal)))
  } catch (error) {
    baseline.stop()
    return { problems: [], error }
  }
  const wait = <T>(promise: Promise<T>, ms: number) => watchedWait(promise, ms, () => baseline.notice())
  const drained = moment === 'before the call' ? await drain(iterator, undefined, timeoutMs, wait) : await abortAfterFirst(iterator, abort, timeoutMs, wait)
  const problems: string[] = []
  if (!drained.stopped) {
    problems.push(`it did not stop within ${timeoutMs} ms of the abort (${drained.items > 0 ? `it yielded ${drained.items} more items` : 'its next() did not settle'})`)
    // Its return() may wait behind that next() for ever: not awaited.
    void Promise.resolve()
      .then(() => iterator.return?.())
      .catch(() => {})
  }
  const left = await baseline.leftoversWithin(timeoutMs)
  if (!isEmpty(left)) problems.push(`after the abort it left ${describeLeftovers(left)}`)
  return { problems, ...(drained.error === undefined ? {} : { error: drained.error }) }
}

/** Waits for a promise for at most some ms, noticing the call's processes meanwhile. */
type Wait = <T>(promise: Promise<T>, ms: number) => Promise<Settled<T>>

/** Waits for the first item (briefly), aborts, then drains; a call that ended before that had nothing to abort. */
async function abortAfterFirst(iterator: AsyncIterator<unknown>, abort: () => void, timeoutMs: number, wait: Wait): Promise<Drained> {
  const firstNext = Promise.resolve().then(() => iterator.next())
  const first = await wait(firstNext, Math.min(FIRST_ITEM_WAIT_MS, timeoutMs / 2))
  if (first.status === 'error') return { stopped: true, items: 0, error: first.error }
  if (first.status === 'value' && first.value.done === true) return { stopped: true, items: 0 }
  abort()
  return drain(iterator, first.status === 'timeout' ? firstNext : undefined, timeoutMs, wait)
}

/** Reads the iterator after the abort until it ends, throws, or the bound passes. */
async function drain(iterator: AsyncIterator<unknown>, pending: Promise<IteratorResult<unknown>> | undefined, timeoutMs: number, wait: Wait): Promise<Drained> {
  const deadline = performance.now() + timeoutMs
  let items = 0
  let next = pending
  while (items < MAX_ITEMS_AFTER_ABORT && performance.now() < deadline) {
    const current = next ?? Promise.resolve().then(() => iterator.next())
    next = undefined
    const read = await wait(current, deadline - performance.now())
    if (read.status === 'timeout') break
    if (read.status === 'error') return { stopped: true, items, error: read.error }
    if (read.value.done === true) return { stopped: true, items }
    items++
  }
  return { stopped: false, items }
}

/** {@link settleWithin} in slices of {@link NOTICE_EVERY_MS}, calling `tick` between them. */
async function watchedWait<T>(promise: Promise<T>, ms: number, tick: () => void): Promise<Settled<T>> {
  const deadline = performance.now() + ms
  for (;;) {
    const read = await settleWithin(() => promise, Math.min(NOTICE_EVERY_MS, Math.max(0, deadline - performance.now())))
    if (read.status !== 'timeout' || performance.now() >= deadline) return read
    tick()
  }
}
