import type { z } from 'zod'
import type { CapabilityDescriptor } from '../capabilities/capability.js'
import type { CapstanError } from '../errors/capstan-error.js'

/**
 * Builds the per-node entry that reports a node's failure in a targeted
 * capability's `nodes` list (a package listing),
 * so a node that could not be reached is a result, never a gap. Returns
 * undefined when the output has no per-node list.
 */
export function nodeFailure(descriptor: CapabilityDescriptor, node: string, error: CapstanError): unknown {
  const item = nodeItemSchema(descriptor.output)
  if (item === undefined) return undefined
  const failure = { code: error.code, message: error.message }
  const candidates = [
    { node, packages: [], error: failure },
    { node, error: failure },
  ]
  return candidates.find((c) => item.safeParse(c).success)
}

function nodeItemSchema(output: z.ZodType): z.ZodType | undefined {
  const shape = (output as unknown as { shape?: Record<string, z.ZodType> }).shape
  const nodes = shape?.nodes as unknown as { element?: z.ZodType } | undefined
  return nodes?.element
}
