import type { CapabilityDescriptor, MergeStrategy } from '../capabilities/capability.js'
import type { SourceOutcome } from '../capabilities/models/source-outcome.js'
import { CapstanError, toCapstanError } from '../errors/capstan-error.js'
import { callProvider, type ProviderCall } from './call-provider.js'
import { countItems, mergeOutputs } from './merge/merge-aggregate.js'
import type { SourceOutput } from './merge/source-output.js'
import { byPriority, type ProviderEntry } from './provider-entry.js'
import { unavailableOutcome, type UnavailableProvider } from './unavailable-provider.js'

/**
 * Asks every provider in parallel, each with its own timeout, and merges what
 * answered. The result lists every source's outcome; it is `partial` when a
 * source failed. A source that failed to start (`down`) is not asked but
 * listed as failed with PLUGIN_UNAVAILABLE, so the result is partial. When
 * every source fails, that is an UNAVAILABLE error naming each failure —
 * never an empty list that looks like "no nodes".
 */
export async function routeAggregate(
  descriptor: CapabilityDescriptor,
  strategy: MergeStrategy,
  providers: ProviderEntry[],
  input: Record<string, unknown>,
  call: ProviderCall,
  down: readonly UnavailableProvider[] = [],
): Promise<Record<string, unknown>> {
  const settled = await Promise.all(
    providers.map(async (entry) => {
      const started = performance.now()
      try {
        const output = await callProvider(entry, input, call)
        return { entry, output, durationMs: performance.now() - started }
      } catch (error) {
        return { entry, error: toCapstanError(error), durationMs: performance.now() - started }
      }
    }),
  )
  const parts: SourceOutput[] = []
  const sources: SourceOutcome[] = []
  for (const one of settled) {
    const durationMs = Math.round(one.durationMs * 100) / 100
    if (one.error === undefined) {
      parts.push({ plugin: one.entry.plugin, output: one.output })
      sources.push({ plugin: one.entry.plugin, ok: true, count: countItems(one.output), durationMs })
    } else {
      if (one.error.code === 'CANCELLED' && call.signal?.aborted) throw one.error
      sources.push({ plugin: one.entry.plugin, ok: false, durationMs, error: { code: one.error.code, message: one.error.message } })
    }
  }
  if (down.length > 0) {
    // Sources in routing order, whether they answered or failed to start.
    const ranked = [...settled.map((one, i) => ({ rank: one.entry, outcome: sources[i] as SourceOutcome })), ...down.map((p) => ({ rank: p, outcome: unavailableOutcome(p, descriptor.id) }))]
    sources.splice(0, sources.length, ...ranked.sort((a, b) => byPriority(a.rank, b.rank)).map((r) => r.outcome))
  }
  if (parts.length === 0 && sources.length > 0) {
    const listed = sources.map((s) => `${s.plugin}: ${s.error?.message ?? 'failed'}`).join('; ')
    throw new CapstanError('UNAVAILABLE', {
      message: `No source answered ${descriptor.id} (${listed})`,
      details: { capability: descriptor.id, sources },
    })
  }
  return { ...mergeOutputs(strategy, parts, input), sources, partial: parts.length < sources.length }
}
