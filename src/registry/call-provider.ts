import type { Logger, Principal, ProviderContext } from '../capabilities/provider-context.js'
import type { Node } from '../capabilities/models/node.js'
import { cancelledError } from '../errors/cancelled-error.js'
import { CapstanError, toCapstanError } from '../errors/capstan-error.js'
import type { CallContext } from './call-context.js'
import type { ProviderEntry } from './provider-entry.js'

/** What {@link callProvider} needs besides the provider and its input. */
export interface ProviderCall {
  capability: string
  signal?: AbortSignal
  principal?: Principal
  logger: Logger
  timeoutMs?: number
  nodes?: Node[]
  /** The call this provider call is part of: a plugin that already failed in it is not asked again. */
  context?: CallContext
}

/**
 * Calls one provider with its own timeout and the caller's signal. The
 * promise settles when either fires even if the plugin ignores its signal,
 * and anything the plugin throws comes out as a CapstanError naming plugin
 * and capability.
 *
 * Within one call ({@link ProviderCall.context}), a plugin whose provider
 * timed out or was unavailable is not asked again: the later provider call
 * fails at once with the same code, the first failure as its cause. A
 * backend that hung while the call resolved its targets is not waited for a
 * second time before the call can answer.
 */
export async function callProvider(entry: ProviderEntry, input: unknown, call: ProviderCall): Promise<unknown> {
  const timeoutMs = call.timeoutMs ?? entry.timeoutMs
  const details = { plugin: entry.plugin, capability: call.capability }
  if (call.signal?.aborted) throw cancelled(call.signal, details)
  const earlier = call.context?.failed.get(entry.plugin)
  if (earlier !== undefined) throw failedEarlier(earlier, details)
  const controller = new AbortController()
  const stop = (error: CapstanError) => controller.abort(error)
  const timer = setTimeout(
    () => stop(new CapstanError('TIMEOUT', { message: `${entry.plugin} did not answer ${call.capability} within ${timeoutMs} ms`, details: { ...details, timeoutMs } })),
    timeoutMs,
  )
  const onAbort = () => stop(cancelled(call.signal as AbortSignal, details))
  call.signal?.addEventListener('abort', onAbort, { once: true })
  const ctx: ProviderContext = {
    signal: controller.signal,
    logger: call.logger,
    ...(call.principal === undefined ? {} : { principal: call.principal }),
    ...(call.nodes === undefined ? {} : { nodes: call.nodes }),
  }
  try {
    return await new Promise((resolve, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true })
      Promise.resolve()
        .then(() => entry.handler(input, ctx))
        .then(resolve, reject)
    })
  } catch (error) {
    const failure = attribute(toCapstanError(error, details), details)
    // The caller's own abort or deadline says nothing about the plugin.
    if (call.context !== undefined && call.signal?.aborted !== true && isTransient(failure)) {
      if (!call.context.failed.has(entry.plugin)) call.context.failed.set(entry.plugin, failure)
    }
    throw failure
  } finally {
    clearTimeout(timer)
    call.signal?.removeEventListener('abort', onAbort)
  }
}

/** A timeout or an unavailable backend, as opposed to an answer (NOT_FOUND, VALIDATION_ERROR) or a bug. */
function isTransient(error: CapstanError): boolean {
  return error.code === 'TIMEOUT' || (error.code === 'UNAVAILABLE' && error.retryable)
}

/** The error of a provider call skipped because its plugin already failed in this call. */
function failedEarlier(earlier: CapstanError, details: { plugin: string; capability: string }): CapstanError {
  return new CapstanError(earlier.code, {
    message: `${details.plugin} was not asked for ${details.capability}: it already failed in this call (${earlier.message})`,
    details: { ...details, failedEarlier: earlier.details.capability ?? true },
    retryable: earlier.retryable,
    cause: earlier,
  })
}

function cancelled(signal: AbortSignal, details: { plugin: string; capability: string }): CapstanError {
  return cancelledError(signal, `${details.capability} was cancelled`, details)
}

/** Makes sure an error names the plugin and capability, without losing what the plugin put in it. */
function attribute(error: CapstanError, details: Record<string, unknown>): CapstanError {
  if (error.details.plugin !== undefined) return error
  return new CapstanError(error.code, { message: error.message, details: { ...details, ...error.details }, cause: error.cause ?? undefined, retryable: error.retryable })
}
