import type { CapabilityDescriptor } from '../capabilities/capability.js'
import type { Node } from '../capabilities/models/node.js'
import { CapstanError } from '../errors/capstan-error.js'
import { chooseProvider } from './assign-providers.js'
import { pluginUnavailable, type UnavailableProvider } from './unavailable-provider.js'

/**
 * Why no ready provider can act on a node: PLUGIN_UNAVAILABLE naming the
 * plugin that would have (one that failed to start, chosen by the same rule
 * as a ready one, or the one the caller named), else NO_PROVIDER.
 */
export function unassignedError(descriptor: CapabilityDescriptor, node: Node, down: readonly UnavailableProvider[], plugin?: string): CapstanError {
  const waitedFor = plugin === undefined ? chooseProvider(node, down) : down.find((p) => p.plugin === plugin)
  if (waitedFor !== undefined) return pluginUnavailable(waitedFor, descriptor.id, { node: node.id })
  return new CapstanError('NO_PROVIDER', {
    message: `No plugin can run ${descriptor.id} on ${node.id} (transport ${node.transport ?? 'unset'})`,
    details: { capability: descriptor.id, node: node.id, transport: node.transport },
  })
}
