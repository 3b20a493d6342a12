/**
 * Capabilities a plugin gets for free from another it implements: a facts
 * provider can refresh, and an inventory that can list can be filtered (the
 * host filters the linked nodes afterwards). A plugin's own implementation
 * always takes precedence.
 */
export const derivedHandlers: ReadonlyArray<{ id: string; from: string; adapt: (input: Record<string, unknown>) => Record<string, unknown> }> = [
  { id: 'info.refresh', from: 'info.facts', adapt: (input) => ({ ...input, refresh: true }) },
  { id: 'inventory.filter', from: 'inventory.list', adapt: (input) => ({ refresh: input.refresh ?? false }) },
]

type AnyHandler = (input: unknown, ctx: never) => unknown

/** The plugin's handlers plus the ones derived from them. */
export function withDerivedHandlers(handlers: Record<string, unknown>): Record<string, unknown> {
  const all: Record<string, unknown> = { ...handlers }
  for (const { id, from, adapt } of derivedHandlers) {
    const source = handlers[from]
    if (typeof all[id] === 'function' || typeof source !== 'function') continue
    all[id] = (input: Record<string, unknown>, ctx: never) => (source as AnyHandler)(adapt(input), ctx)
  }
  return all
}
