import { z } from 'zod'
import type { CapabilityDescriptor, CapabilityKind, CapabilityType, DerivedFrom, Routing } from '../capabilities/capability.js'
import type { ProviderEntry } from '../registry/provider-entry.js'

/** A capability as `capstan.capabilities()` describes it: plain data with JSON Schemas. */
export interface CapabilityInfo {
  id: string
  type: CapabilityType
  description: string
  kind: CapabilityKind
  routing: Routing
  permission: string
  /** The capability whose providers also serve this one, when the descriptor says so. */
  derivedFrom?: DerivedFrom | undefined
  /** JSON Schema of the input a caller passes (before defaults). */
  inputSchema: Record<string, unknown>
  /** JSON Schema of one provider's output (for streams: one item). */
  outputSchema: Record<string, unknown>
  /** JSON Schema of what invoke returns, when it differs from one provider's output. */
  resultSchema?: Record<string, unknown> | undefined
  /** Plugins that provide it, highest priority first. */
  providers: Array<{ plugin: string; priority: number }>
}

/** Describes a capability with JSON Schemas generated from its Zod schemas. */
export function describeCapability(descriptor: CapabilityDescriptor, providers: ReadonlyArray<Pick<ProviderEntry, 'plugin' | 'priority'>>): CapabilityInfo {
  return {
    id: descriptor.id,
    type: descriptor.type,
    description: descriptor.description,
    kind: descriptor.kind,
    routing: descriptor.routing,
    permission: descriptor.permission,
    ...(descriptor.derivedFrom === undefined ? {} : { derivedFrom: descriptor.derivedFrom }),
    inputSchema: z.toJSONSchema(descriptor.input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
    outputSchema: z.toJSONSchema(descriptor.output, { unrepresentable: 'any' }) as Record<string, unknown>,
    ...(descriptor.result === undefined ? {} : { resultSchema: z.toJSONSchema(descriptor.result, { unrepresentable: 'any' }) as Record<string, unknown> }),
    providers: providers.map((p) => ({ plugin: p.plugin, priority: p.priority })),
  }
}
