// Nothing unbounded reaches a node, a backend or the event loop (issue 35): every
// capability's input, as JSON Schema (what the CLI, OpenAPI and MCP describe), bounds
// every string, list and record, and every duration to what a Node timer holds. A new
// capability, or a new field, that forgets a bound fails here.
import { z } from 'zod'
import { capabilityCatalog, inputLimits } from 'capstan'
import { describe, expect, it } from 'vitest'

type JsonSchema = Record<string, unknown>

/** Every place in `schema` with no bound, as `path: what is missing`. */
function unbounded(schema: JsonSchema, path: string): string[] {
  const found: string[] = []
  const type = schema.type
  if (type === 'string' && schema.enum === undefined && schema.const === undefined && typeof schema.maxLength !== 'number') found.push(`${path}: a string without maxLength`)
  if (type === 'array' && typeof schema.maxItems !== 'number') found.push(`${path}: a list without maxItems`)
  if (type === 'object' && typeof schema.additionalProperties === 'object' && typeof schema.maxProperties !== 'number') found.push(`${path}: a record without maxProperties`)
  if ((type === 'number' || type === 'integer') && /Ms$/.test(path) && !(typeof schema.maximum === 'number' && schema.maximum <= inputLimits.durationMs)) {
    found.push(`${path}: a duration a timer cannot hold (maximum ${String(schema.maximum)})`)
  }
  for (const [key, value] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)) found.push(...unbounded(value, `${path}.${key}`))
  if (typeof schema.items === 'object') found.push(...unbounded(schema.items as JsonSchema, `${path}[]`))
  if (typeof schema.additionalProperties === 'object') found.push(...unbounded(schema.additionalProperties as JsonSchema, `${path}{}`))
  if (typeof schema.propertyNames === 'object') found.push(...unbounded(schema.propertyNames as JsonSchema, `${path}{key}`))
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    for (const [at, alternative] of ((schema[key] ?? []) as JsonSchema[]).entries()) found.push(...unbounded(alternative, `${path}|${at}`))
  }
  return found
}

const descriptors = capabilityCatalog

describe('input bounds of every capability', () => {
  it('covers the whole catalog', () => {
    expect(descriptors.length).toBeGreaterThanOrEqual(35)
  })

  it.each(descriptors.map((d) => [d.id, d] as const))('%s bounds every string, list, record and duration of its input', (id, descriptor) => {
    const schema = z.toJSONSchema(descriptor.input, { io: 'input', unrepresentable: 'any' }) as JsonSchema
    expect(unbounded(schema, id)).toEqual([])
  })

  it('finds what it looks for: an unbounded string, list, record and duration are each reported', () => {
    const careless = z.object({ text: z.string(), list: z.array(z.number()), map: z.record(z.string(), z.number()), waitMs: z.number().int() })
    expect(unbounded(z.toJSONSchema(careless) as JsonSchema, 'x')).toEqual([
      'x.text: a string without maxLength',
      'x.list: a list without maxItems',
      'x.map: a record without maxProperties',
      'x.map{key}: a string without maxLength',
      `x.waitMs: a duration a timer cannot hold (maximum ${Number.MAX_SAFE_INTEGER})`,
    ])
  })
})
