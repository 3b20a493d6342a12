import { z } from 'zod'
import type { CapabilityDescriptor } from '../../capabilities/capability.js'

/** Everything callers and plugins rely on of a descriptor, as comparable JSON. */
function contractOf(d: CapabilityDescriptor): string {
  const schema = (s: z.ZodType | undefined, io: 'input' | 'output') => (s === undefined ? null : z.toJSONSchema(s, { io, unrepresentable: 'any' }))
  return JSON.stringify([d.id, d.type, d.kind, d.routing, d.permission, d.derivedFrom ?? null, d.localFiles ?? null, schema(d.input, 'input'), schema(d.output, 'output'), schema(d.result, 'output')])
}

/**
 * True when two descriptors are one contract: the same object (two plugins
 * depending on one contract package), or two copies of it that agree on the
 * id, kind, routing, permission and every schema (two installed copies of the
 * package). Descriptions may differ.
 */
export function sameContract(a: CapabilityDescriptor, b: CapabilityDescriptor): boolean {
  return a === b || contractOf(a) === contractOf(b)
}
