import { isExecutionCapability, type CapabilityDescriptor, type Node, type ProviderContext, type TargetSpec } from 'capstan'
import type { CallableHandler } from './callable-handler.js'
import { inputJsonSchema } from './input-json-schema.js'
import { syntheticNode, type PluginNodes } from './plugin-nodes.js'

export type { CallableHandler }

/** One direct call of a handler: what it gets as input, and the nodes it acts on (`ctx.nodes`). */
export interface ProviderCall {
  descriptor: CapabilityDescriptor
  handler: CallableHandler
  input: unknown
  nodes?: Node[] | undefined
}

/** A node name no backend knows (`.invalid` never resolves). */
export const UNKNOWN_NODE = 'conformance-no-such-node.invalid'

/**
 * The call a host would make with this (parsed) input: for an execution, a
 * batch whose `targets` are the resolved nodes; for another targeted
 * capability, the targets as the plugin names them and the nodes in the
 * context; otherwise the input as it is.
 */
export async function providerCall(descriptor: CapabilityDescriptor, handler: CallableHandler, input: Record<string, unknown>, nodes: PluginNodes, plugin: string): Promise<ProviderCall> {
  if (!isTargeted(descriptor, input)) return { descriptor, handler, input }
  return withNodes(descriptor, handler, input, await nodes.resolve(input['targets'] as TargetSpec), plugin)
}

/**
 * The same call made about a node no backend knows, to see how the plugin
 * fails: the batch or targets of a targeted capability, or the `node` of a
 * node-keyed read (`info.facts`). Undefined when the capability names no node.
 */
export function unknownNodeCall(descriptor: CapabilityDescriptor, handler: CallableHandler, base: Record<string, unknown>, plugin: string): ProviderCall | undefined {
  if (isTargeted(descriptor, base)) return withNodes(descriptor, handler, base, [syntheticNode(UNKNOWN_NODE, plugin)], plugin)
  const node = inputJsonSchema(descriptor).properties?.['node']
  if (node?.type !== 'string') return undefined
  const parsed = descriptor.input.safeParse({ ...base, node: UNKNOWN_NODE })
  return parsed.success ? { descriptor, handler, input: parsed.data } : undefined
}

/**
 * The context of one call: its signal, a logger bound to the capability, its
 * nodes. No `killSignal`: a stopped execution gets the whole grace between
 * SIGTERM and SIGKILL, the path a plugin must get right on its own.
 */
export function providerContext(call: ProviderCall, logger: ProviderContext['logger'], signal: AbortSignal): ProviderContext {
  return {
    signal,
    logger: logger.child({ capability: call.descriptor.id }),
    ...(call.nodes === undefined ? {} : { nodes: call.nodes }),
  }
}

function isTargeted(descriptor: CapabilityDescriptor, input: Record<string, unknown>): boolean {
  return descriptor.routing.mode === 'targeted' && input['targets'] !== undefined
}

function withNodes(descriptor: CapabilityDescriptor, handler: CallableHandler, input: Record<string, unknown>, nodes: Node[], plugin: string): ProviderCall {
  if (isExecutionCapability(descriptor)) {
    const { targets: _targets, ...batch } = input
    return { descriptor, handler, input: { ...batch, nodes }, nodes }
  }
  return { descriptor, handler, input: { ...input, targets: nodes.map((node) => node.sourceData[plugin]?.id ?? node.id) }, nodes }
}
