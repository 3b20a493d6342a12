import { CapstanError, isExecutionCapability, type CapabilityDescriptor, type Logger } from 'capstan'
import { providerContext, type ProviderCall } from './provider-call.js'
import { settleWithin } from './settle-within.js'

/** Events of one execution the kit reads at most; a plugin that yields without end is stopped there. */
const MAX_EXECUTION_EVENTS = 10_000

/** What one direct call of a handler gave back. */
export interface HandlerRun {
  /** The output, or each item of a stream, or each event of an execution, in order. */
  outputs: unknown[]
  /** What it threw, if it did. */
  error?: unknown
  /** True when it did not finish within the time bound (a stream read up to `maxItems` counts as finished). */
  timedOut: boolean
}

/** How much of a call {@link runHandler} waits for. */
export interface RunLimits {
  timeoutMs: number
  /** Items of a stream to read before stopping it (executions are read to their end). */
  maxItems: number
}

/** Whether a capability's handler answers with an async iterable (a stream, or an execution's node events). */
export function yieldsItems(descriptor: CapabilityDescriptor): boolean {
  return descriptor.kind === 'stream' || isExecutionCapability(descriptor)
}

/** The async iterator a streaming handler returns; a handler that throws or returns no iterable throws here. */
export function iteratorOf(value: unknown): AsyncIterator<unknown> {
  const open = (value as Partial<AsyncIterable<unknown>> | null | undefined)?.[Symbol.asyncIterator]
  if (typeof open !== 'function') throw new TypeError('the handler returned no async iterable')
  return open.call(value)
}

/**
 * Calls a handler directly, as a host would but without the host, within
 * the time bound. A stream is read up to `maxItems` items, then stopped
 * through its signal and `return()`; a call still running at the bound is
 * aborted and left.
 */
export async function runHandler(call: ProviderCall, logger: Logger, limits: RunLimits): Promise<HandlerRun> {
  const controller = new AbortController()
  const ctx = providerContext(call, logger, controller.signal)
  const stop = () => controller.abort(new CapstanError('CANCELLED', { message: `The conformance run stopped ${call.descriptor.id}` }))
  if (!yieldsItems(call.descriptor)) {
    const answered = await settleWithin(() => call.handler(call.input, ctx), limits.timeoutMs)
    if (answered.status === 'timeout') stop()
    return answered.status === 'value' ? { outputs: [answered.value], timedOut: false } : answered.status === 'error' ? { outputs: [], error: answered.error, timedOut: false } : { outputs: [], timedOut: true }
  }
  const outputs: unknown[] = []
  const deadline = performance.now() + limits.timeoutMs
  let iterator: AsyncIterator<unknown>
  try {
    iterator = iteratorOf(call.handler(call.input, ctx))
  } catch (error) {
    return { outputs, error, timedOut: false }
  }
  const itemBound = isExecutionCapability(call.descriptor) ? MAX_EXECUTION_EVENTS : limits.maxItems
  // The clock is read in the loop too: items that never wait for anything would starve the timer.
  while (outputs.length < itemBound && performance.now() < deadline) {
    const next = await settleWithin(() => iterator.next(), Math.max(0, deadline - performance.now()))
    if (next.status === 'error') return { outputs, error: next.error, timedOut: false }
    if (next.status === 'timeout') {
      stop()
      return { outputs, timedOut: true }
    }
    if (next.value.done === true) return { outputs, timedOut: false }
    outputs.push(next.value.value)
  }
  stop()
  // A stream that ignores its signal may never settle return(); the bound covers the wait.
  await settleWithin(() => iterator.return?.(), Math.max(0, deadline - performance.now()))
  // Short of its item bound, the loop ended at the deadline: an execution still yielding did not finish.
  return { outputs, timedOut: outputs.length < itemBound }
}
