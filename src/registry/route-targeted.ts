import type { CapabilityDescriptor } from '../capabilities/capability.js'
import type { Node } from '../capabilities/models/node.js'
import { CapstanError, toCapstanError } from '../errors/capstan-error.js'
import { assignProviders } from './assign-providers.js'
import { callProvider, type ProviderCall } from './call-provider.js'
import { mergeTargeted } from './merge/merge-targeted.js'
import type { SourceOutput } from './merge/source-output.js'
import { nodeFailure } from './node-failure.js'
import type { ProviderEntry } from './provider-entry.js'
import { unassignedError } from './unassigned-error.js'
import type { UnavailableProvider } from './unavailable-provider.js'

/**
 * Splits the resolved nodes among providers and runs each provider once
 * with its share (targets renamed to the names that provider knows). A node
 * no provider can take, or whose provider failed as a whole, becomes that
 * node's failure entry in the result: PLUGIN_UNAVAILABLE when the plugin that
 * would take it failed to start (`down`). Without targets, the named plugin or
 * the highest-priority provider acts alone.
 */
export async function routeTargeted(
  descriptor: CapabilityDescriptor,
  providers: ProviderEntry[],
  input: Record<string, unknown>,
  nodes: Node[] | undefined,
  call: ProviderCall & { plugin?: string },
  down: readonly UnavailableProvider[] = [],
): Promise<unknown> {
  if (nodes === undefined) {
    const entry = call.plugin === undefined ? providers[0] : providers.find((p) => p.plugin === call.plugin)
    if (entry === undefined) throw new CapstanError('NO_PROVIDER', { message: `No plugin provides ${descriptor.id}`, details: { capability: descriptor.id } })
    return callProvider(entry, input, call)
  }
  const { groups, unassigned } = assignProviders(nodes, providers, call.plugin)
  const failures: unknown[] = []
  const fail = (node: Node, error: CapstanError) => {
    const entry = nodeFailure(descriptor, node.id, error)
    if (entry === undefined) throw error
    failures.push(entry)
  }
  for (const node of unassigned) fail(node, unassignedError(descriptor, node, down, call.plugin))
  const settled = await Promise.all(
    groups.map(async ({ entry, nodes: share }) => {
      const targets = share.map((n) => n.sourceData[entry.plugin]?.id ?? n.id)
      try {
        return { plugin: entry.plugin, output: await callProvider(entry, { ...input, targets }, { ...call, nodes: share }) }
      } catch (error) {
        return { plugin: entry.plugin, share, error: toCapstanError(error) }
      }
    }),
  )
  const parts: SourceOutput[] = []
  for (const one of settled) {
    if ('output' in one) parts.push({ plugin: one.plugin, output: one.output })
    else {
      if (call.signal?.aborted) throw one.error
      for (const node of one.share) fail(node, one.error)
    }
  }
  return mergeTargeted(parts, failures)
}
