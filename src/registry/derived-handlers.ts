import type { SourceNode } from '../capabilities/models/node.js'

type AnyHandler = (input: Record<string, unknown>, ctx: unknown) => Promise<unknown> | unknown

/**
 * Capabilities a plugin gets for free from another it implements. A
 * plugin's own implementation always takes precedence.
 * - `info.refresh` from `info.facts`, asked with `refresh: true`;
 * - `inventory.filter` from `inventory.list`: every node, since the host
 *   filters the linked nodes afterwards;
 * - `inventory.get` from `inventory.list`: the node whose id, name or alias is asked for.
 */
export const derivedHandlers: ReadonlyArray<{ id: string; from: string; derive: (source: AnyHandler) => AnyHandler }> = [
  { id: 'info.refresh', from: 'info.facts', derive: (facts) => (input, ctx) => facts({ ...input, refresh: true }, ctx) },
  { id: 'inventory.filter', from: 'inventory.list', derive: (list) => (input, ctx) => list({ refresh: input.refresh ?? false }, ctx) },
  {
    id: 'inventory.get',
    from: 'inventory.list',
    derive: (list) => async (input, ctx) => {
      const { nodes } = (await list({ refresh: input.refresh ?? false }, ctx)) as { nodes: SourceNode[] }
      const wanted = String(input.node).toLowerCase()
      const names = (n: SourceNode) => [n.id, n.name, ...(n.aliases ?? [])].map((name) => name?.toLowerCase())
      return { node: nodes.find((n) => names(n).includes(wanted)) ?? null }
    },
  },
]

/** The plugin's handlers plus the ones derived from them. */
export function withDerivedHandlers(handlers: Record<string, unknown>): Record<string, unknown> {
  const all: Record<string, unknown> = { ...handlers }
  for (const { id, from, derive } of derivedHandlers) {
    const source = handlers[from]
    if (typeof all[id] !== 'function' && typeof source === 'function') all[id] = derive(source as AnyHandler)
  }
  return all
}
