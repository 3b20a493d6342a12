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
 *
 * @returns the handlers by id, and the ids that are derived.
 */
export function withDerivedHandlers(
  handlers: Readonly<Record<string, unknown>>,
  descriptors: Iterable<CapabilityDescriptor>,
): { handlers: Record<string, unknown>; derived: ReadonlySet<string> } {
  const all: Record<string, unknown> = { ...handlers }
  const derived = new Set<string>()
  for (const descriptor of descriptors) {
    const from = descriptor.derivedFrom
    const source = from === undefined ? undefined : handlers[from.capability]
    if (from === undefined || typeof all[descriptor.id] === 'function' || typeof source !== 'function') continue
    const call = source as AnyHandler
    all[descriptor.id] = (input: Record<string, unknown>, ctx: unknown) => call(derivedInput(input, from), ctx)
    derived.add(descriptor.id)
  }
  return { handlers: all, derived }
}
