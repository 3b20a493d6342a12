import type { CapabilityDescriptor } from 'capstan'
import { z } from 'zod'

/** The parts of a JSON Schema the kit reads to make inputs. */
export interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  enum?: unknown[]
  const?: unknown
}

/** A capability's input as a caller sees it (before defaults), as JSON Schema; `{}` (anything) when zod cannot write it. */
export function inputJsonSchema(descriptor: CapabilityDescriptor): JsonSchema {
  try {
    return z.toJSONSchema(descriptor.input, { io: 'input', unrepresentable: 'any' }) as JsonSchema
  } catch {
    return {}
  }
}
