import type { Node, ProviderContext } from 'capstan'
import { RecordingLogger } from 'capstan/testing'
import type { ProviderCall } from '../../src/registry/call-provider.js'
import type { ProviderEntry } from '../../src/registry/provider-entry.js'

let order = 0

/** A provider entry as the registry stores it. */
export function entry(plugin: string, handler: ProviderEntry['handler'] = async () => ({}), extra: Partial<ProviderEntry> = {}): ProviderEntry {
  return { plugin, priority: 0, order: order++, timeoutMs: 1000, handler, ...extra }
}

/** A linked node as inventory returns it; `sources` maps plugin → that source's id for it. */
export function linkedNode(id: string, sources: Record<string, string> = {}, extra: Partial<Node> = {}): Node {
  return {
    id,
    name: id,
    aliases: [],
    groups: [],
    sources: Object.keys(sources).sort(),
    sourceData: Object.fromEntries(Object.entries(sources).map(([plugin, sid]) => [plugin, { id: sid }])),
    ...extra,
  }
}

export function providerCall(extra: Partial<ProviderCall> = {}): ProviderCall {
  return { capability: 'alert.get', logger: new RecordingLogger(), ...extra }
}

export type { ProviderContext }
