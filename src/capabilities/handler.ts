import type { z } from 'zod'
import type { CapabilityDescriptor } from './capability.js'
import type { Node } from './models/node.js'
import type { NodeEvent } from './models/node-event.js'
import type { ProviderContext } from './provider-context.js'

/** Input a provider receives: parsed, with defaults applied. */
export type InputOf<D extends CapabilityDescriptor> = z.output<D['input']>
/** Input a caller may pass: before defaults. */
export type CallInputOf<D extends CapabilityDescriptor> = z.input<D['input']>
/** What a provider returns (for streams, one item). */
export type OutputOf<D extends CapabilityDescriptor> = z.output<D['output']>

/**
 * What an execution plugin receives: the capability's input with `targets`
 * replaced by the resolved nodes of this batch.
 */
export type ExecutionBatch<D extends CapabilityDescriptor> = Omit<InputOf<D>, 'targets'> & { nodes: Node[] }

/**
 * The function a plugin implements for one capability:
 * - for capabilities on the execution engine, an async generator over a
 *   batch of nodes that yields {@link NodeEvent}s;
 * - for `stream` capabilities, an async iterable of items;
 * - otherwise a promise of the output.
 */
export type Handler<D extends CapabilityDescriptor> = D['routing'] extends { readonly execution: true }
  ? (batch: ExecutionBatch<D>, ctx: ProviderContext) => AsyncIterable<NodeEvent>
  : D['kind'] extends 'stream'
    ? (input: InputOf<D>, ctx: ProviderContext) => AsyncIterable<OutputOf<D>>
    : (input: InputOf<D>, ctx: ProviderContext) => Promise<OutputOf<D>>

/**
 * The interface of a capability type, derived from its descriptors: one
 * handler per capability id. Plugins implement any subset.
 */
export type ProviderOf<Ds extends Record<string, CapabilityDescriptor>> = {
  [K in keyof Ds as Ds[K]['id']]: Handler<Ds[K]>
}
