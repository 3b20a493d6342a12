import type { Node } from '../capabilities/models/node.js'
import type { ProviderEntry } from './provider-entry.js'

/** Transport assumed for a node that names none (Bolt's default). */
export const DEFAULT_TRANSPORT = 'ssh'

/** Nodes grouped by the provider that will act on them. */
export interface Assignment {
  groups: Array<{ entry: ProviderEntry; nodes: Node[] }>
  /** Nodes no provider can act on. */
  unassigned: Node[]
}

/**
 * Picks a provider for each node: the plugin the caller named; else a source
 * of the node that provides the capability and runs its transport; else the
 * highest-priority provider that runs the node's transport.
 */
export function assignProviders(nodes: Node[], providers: ProviderEntry[], plugin?: string): Assignment {
  const byPlugin = new Map<string, { entry: ProviderEntry; nodes: Node[] }>()
  const unassigned: Node[] = []
  for (const node of nodes) {
    const entry = plugin === undefined ? chooseProvider(node, providers) : providers.find((p) => p.plugin === plugin)
    if (entry === undefined) {
      unassigned.push(node)
      continue
    }
    let group = byPlugin.get(entry.plugin)
    if (group === undefined) {
      group = { entry, nodes: [] }
      byPlugin.set(entry.plugin, group)
    }
    group.nodes.push(node)
  }
  return { groups: [...byPlugin.values()], unassigned }
}

/**
 * The provider that acts on a node when the caller names none: a source of
 * the node that runs its transport, else the first (highest-priority) one
 * that runs it. Also asked of the plugins that failed to start, to say which
 * one a node was waiting for.
 */
export function chooseProvider<P extends { plugin: string; transports?: readonly string[] | undefined }>(node: Node, providers: readonly P[]): P | undefined {
  const transport = node.transport ?? DEFAULT_TRANSPORT
  const runs = (p: P) => p.transports === undefined || p.transports.includes(transport)
  return providers.find((p) => node.sources.includes(p.plugin) && runs(p)) ?? providers.find(runs)
}
