import type { CapabilityDescriptor } from 'capstan'
import { z } from 'zod'

/** The parts of a JSON Schema the samples below read. */
export interface JsonSchema {
  type?: string | string[]
  required?: string[]
  properties?: Record<string, JsonSchema>
  items?: JsonSchema
  anyOf?: JsonSchema[]
  enum?: unknown[]
}

/** A capability's input as JSON Schema (before defaults), the way callers see it. */
export function inputSchema(d: CapabilityDescriptor): JsonSchema {
  return z.toJSONSchema(d.input, { io: 'input' }) as JsonSchema
}

export function jsonType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

function acceptedTypes(schema: JsonSchema): Set<string> {
  const types = new Set<string>()
  const add = (t: string) => types.add(t === 'integer' ? 'number' : t)
  if (typeof schema.type === 'string') add(schema.type)
  else schema.type?.forEach(add)
  for (const value of schema.enum ?? []) add(jsonType(value))
  for (const sub of schema.anyOf ?? []) for (const t of acceptedTypes(sub)) types.add(t)
  return types
}

/** A value of a JSON type the property does not accept. */
export function wrongValue(schema: JsonSchema): unknown {
  const accepted = acceptedTypes(schema)
  const wrong = [12345, 'wrong', true, null, [], {}].find((v) => !accepted.has(jsonType(v)))
  if (wrong === undefined) throw new Error(`no wrong-typed value for ${JSON.stringify(schema)}`)
  return wrong
}

/** A valid value for a property. */
export function sampleValue(schema: JsonSchema): unknown {
  if (schema.enum !== undefined) return schema.enum[0]
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  if (type === undefined && schema.anyOf?.[0] !== undefined) return sampleValue(schema.anyOf[0])
  switch (type) {
    case 'string':
      return 'web01.example.com'
    case 'integer':
    case 'number':
      return 1
    case 'boolean':
      return true
    case 'array':
      return [sampleValue(schema.items ?? { type: 'string' })]
    default:
      return {}
  }
}

/** The smallest valid input of a capability: every required property with a sample value. */
export function minimalInput(d: CapabilityDescriptor): Record<string, unknown> {
  const schema = inputSchema(d)
  return Object.fromEntries((schema.required ?? []).map((key) => [key, sampleValue(schema.properties?.[key] ?? {})]))
}
