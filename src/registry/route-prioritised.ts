import type { CapabilityDescriptor } from '../capabilities/capability.js'
import { CapstanError, toCapstanError } from '../errors/capstan-error.js'
import { callProvider, type ProviderCall } from './call-provider.js'
import { mergeOutputs } from './merge/merge-aggregate.js'
import type { SourceOutput } from './merge/source-output.js'
import { byPriority, type ProviderEntry } from './provider-entry.js'
import { pluginUnavailable, type UnavailableProvider } from './unavailable-provider.js'

/** Lets a router give each provider its own form of the input (the node's name in that source). */
export type InputFor = (entry: ProviderEntry) => Record<string, unknown>

/**
 * Providers in priority order; the first success wins. A query falls through
 * to the next provider on any failure; an action only on NOT_FOUND, so a
 * change is never attempted twice on two backends. A provider that failed to
 * start (`down`) is skipped in its place, even for an action (nothing was
 * attempted there). When none succeeds the error lists what each provider said,
 * PLUGIN_UNAVAILABLE for those skipped.
 */
export async function routePrioritised(
  descriptor: CapabilityDescriptor,
  providers: ProviderEntry[],
  inputFor: InputFor,
  call: ProviderCall,
  down: readonly UnavailableProvider[] = [],
): Promise<unknown> {
  const failures: Array<{ plugin: string; error: CapstanError }> = []
  const inOrder: Array<ProviderEntry | UnavailableProvider> = [...providers, ...down].sort(byPriority)
  for (const entry of inOrder) {
    if (!('handler' in entry)) {
      failures.push({ plugin: entry.plugin, error: pluginUnavailable(entry, descriptor.id) })
      continue
    }
    try {
      return await callProvider(entry, inputFor(entry), call)
    } catch (thrown) {
      const error = toCapstanError(thrown)
      if (call.signal?.aborted) throw error
      failures.push({ plugin: entry.plugin, error })
      if (descriptor.kind === 'action' && error.code !== 'NOT_FOUND') break
    }
  }
  throw noneSucceeded(descriptor, failures)
}

/**
 * Every provider in parallel; successes merged in priority order with the
 * descriptor's `mergeAll` strategy (facts keep each fact's source).
 */
export async function routePrioritisedAll(
  descriptor: CapabilityDescriptor,
  providers: ProviderEntry[],
  inputFor: InputFor,
  call: ProviderCall,
  input: Record<string, unknown>,
  down: readonly UnavailableProvider[] = [],
): Promise<unknown> {
  const settled = await Promise.all(
    providers.map(async (entry) => {
      try {
        return { plugin: entry.plugin, output: await callProvider(entry, inputFor(entry), call) }
      } catch (error) {
        return { plugin: entry.plugin, error: toCapstanError(error) }
      }
    }),
  )
  const parts: SourceOutput[] = settled.flatMap((s) => ('output' in s ? [{ plugin: s.plugin, output: s.output }] : []))
  if (parts.length === 0) {
    const failures = settled.flatMap((s) => (s.error === undefined ? [] : [{ plugin: s.plugin, error: s.error }]))
    throw noneSucceeded(descriptor, [...failures, ...down.map((p) => ({ plugin: p.plugin, error: pluginUnavailable(p, descriptor.id) }))])
  }
  const strategy = descriptor.routing.mode === 'prioritised' ? (descriptor.routing.mergeAll ?? 'concat') : 'concat'
  return mergeOutputs(strategy, parts, input)
}

function noneSucceeded(descriptor: CapabilityDescriptor, failures: Array<{ plugin: string; error: CapstanError }>): CapstanError {
  const first = failures.find((f) => f.error.code !== 'NOT_FOUND') ?? failures[0]
  if (first === undefined) return new CapstanError('NO_PROVIDER', { message: `No plugin provides ${descriptor.id}`, details: { capability: descriptor.id } })
  if (failures.length === 1) return first.error
  const code = failures.every((f) => f.error.code === 'NOT_FOUND') ? 'NOT_FOUND' : first.error.code
  const listed = failures.map((f) => `${f.plugin}: ${f.error.message}`).join('; ')
  return new CapstanError(code, {
    message: `No provider could answer ${descriptor.id} (${listed})`,
    details: { capability: descriptor.id, attempts: failures.map((f) => ({ plugin: f.plugin, code: f.error.code, message: f.error.message })) },
    cause: first.error,
    retryable: first.error.retryable,
  })
}
