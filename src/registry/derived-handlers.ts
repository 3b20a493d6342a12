import type { CapabilityDescriptor, DerivedFrom } from '../capabilities/capability.js'

type AnyHandler = (input: Record<string, unknown>, ctx: unknown) => unknown

/** The input the source capability gets: the fields `keep` names (all by default), then those `set` sets. */
function derivedInput(input: Record<string, unknown>, from: DerivedFrom): Record<string, unknown> {
  const kept = from.keep === undefined ? { ...input } : Object.fromEntries(from.keep.filter((field) => field in input).map((field) => [field, input[field]]))
  return from.set === undefined ? kept : { ...kept, ...from.set }
}

/**
 * The handlers a plugin serves: its own, plus one for every capability whose
 * descriptor says it is derived from a capability the plugin implements
 * (`derivedFrom`) and which the plugin does not implement itself. Nothing
 * here knows an id: the descriptors say what derives from what.
 */
export function withDerivedHandlers(handlers: Readonly<Record<string, unknown>>, descriptors: Iterable<CapabilityDescriptor>): Record<string, unknown> {
  const all: Record<string, unknown> = { ...handlers }
  for (const descriptor of descriptors) {
    const from = descriptor.derivedFrom
    const source = from === undefined ? undefined : handlers[from.capability]
    if (from === undefined || typeof all[descriptor.id] === 'function' || typeof source !== 'function') continue
    const call = source as AnyHandler
    all[descriptor.id] = (input: Record<string, unknown>, ctx: unknown) => call(derivedInput(input, from), ctx)
  }
  return all
}
