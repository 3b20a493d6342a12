import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { capabilityCatalog, getCapability } from '../../src/capabilities/catalog.js'
import type { CapabilityDescriptor } from '../../src/capabilities/capability.js'

const expectedIds = [
  'inventory.list', 'inventory.get', 'inventory.groups', 'inventory.filter',
  'info.facts', 'info.refresh',
  'command.execute', 'task.execute', 'script.execute', 'task.list',
  'reports.list', 'reports.get', 'reports.query',
  'events.list', 'events.query', 'events.stream',
  'provision.create', 'provision.status', 'provision.list', 'decommission.execute', 'decommission.status',
  'package.install', 'package.uninstall', 'package.update', 'package.list', 'package.search',
  'deploy.execute', 'deploy.status', 'deploy.rollback', 'deploy.history',
  'alert.list', 'alert.get', 'alert.acknowledge', 'alert.resolve', 'alert.subscribe',
  'journal.list', 'journal.get', 'journal.add', 'journal.stream',
]

type JsonSchema = {
  type?: string | string[]
  required?: string[]
  properties?: Record<string, JsonSchema>
  additionalProperties?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  enum?: unknown[]
  const?: unknown
}

const descriptors: CapabilityDescriptor[] = [...capabilityCatalog]
const byId = descriptors.map((d) => [d.id, d] as const)

function inputSchemaOf(d: CapabilityDescriptor): JsonSchema {
  return z.toJSONSchema(d.input, { io: 'input' }) as JsonSchema
}

/** The JSON types a property schema accepts (integer counted as number). */
function acceptedTypes(schema: JsonSchema): Set<string> {
  const types = new Set<string>()
  const add = (t: string) => types.add(t === 'integer' ? 'number' : t)
  if (typeof schema.type === 'string') add(schema.type)
  else schema.type?.forEach(add)
  for (const value of [...(schema.enum ?? []), ...('const' in schema ? [schema.const] : [])]) add(jsonTypeOf(value))
  for (const sub of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) {
    for (const t of acceptedTypes(sub)) types.add(t)
  }
  return types
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

/** A value whose JSON type the property does not accept. */
function wrongValueFor(schema: JsonSchema): unknown {
  const accepted = acceptedTypes(schema)
  const candidates: unknown[] = [12345, 'wrong', true, null, [], {}]
  const wrong = candidates.find((value) => !accepted.has(jsonTypeOf(value)))
  if (wrong === undefined) throw new Error(`no wrong-typed value for ${JSON.stringify(schema)}`)
  return wrong
}

describe('capabilityCatalog', () => {
  it('holds exactly the capabilities Capstan defines', () => {
    expect(descriptors.map((d) => d.id).sort()).toEqual([...expectedIds].sort())
  })

  it('has unique ids', () => {
    expect(new Set(descriptors.map((d) => d.id)).size).toBe(descriptors.length)
  })

  it('is frozen, and so is every descriptor', () => {
    expect(Object.isFrozen(capabilityCatalog)).toBe(true)
    for (const d of descriptors) expect(Object.isFrozen(d), d.id).toBe(true)
  })

  it('finds descriptors by id', () => {
    for (const d of descriptors) expect(getCapability(d.id)).toBe(d)
    expect(getCapability('nope.nothing')).toBeUndefined()
  })

  it.each(byId)('%s has a description, a permission and routing that fits its kind', (_id, d) => {
    expect(d.description.trim().length).toBeGreaterThan(10)
    expect(d.permission).toBe(d.id)
    if (d.routing.mode === 'aggregate' && d.kind !== 'stream') expect(d.result, 'aggregate result schema').toBeDefined()
    if (d.routing.mode !== 'aggregate') expect(d.result).toBeUndefined()
  })

  it.each(byId)('%s input is a strict object', (_id, d) => {
    expect(d.input).toBeInstanceOf(z.ZodObject)
    const parsed = d.input.safeParse({ surelyNotAField: 1 })
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues.some((i) => i.code === 'unrecognized_keys')).toBe(true)
    expect(inputSchemaOf(d).additionalProperties).toBe(false)
  })

  it.each(byId)('%s schemas convert to JSON schema', (_id, d) => {
    expect(inputSchemaOf(d).type).toBe('object')
    expect(() => z.toJSONSchema(d.output)).not.toThrow()
    if (d.result) expect(() => z.toJSONSchema(d.result!)).not.toThrow()
  })

  it.each(byId)('%s describes every input field', (_id, d) => {
    const properties = inputSchemaOf(d).properties ?? {}
    for (const [name, schema] of Object.entries(properties)) {
      expect((schema as { description?: string }).description, `${d.id} ${name}`).toBeTruthy()
    }
  })

  const targeted = byId.filter(([, d]) => d.routing.mode === 'targeted' && 'targets' in (inputSchemaOf(d).properties ?? {}))
  it.each(targeted)('%s rejects a number as targets', (_id, d) => {
    const parsed = d.input.safeParse({ targets: 42 })
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues.some((i) => i.path[0] === 'targets')).toBe(true)
  })

  it('covers targeted capabilities with targets', () => {
    expect(targeted.map(([id]) => id)).toContain('command.execute')
  })

  const withRequired = byId
    .map(([id, d]) => [id, d, inputSchemaOf(d)] as const)
    .filter(([, , schema]) => (schema.required ?? []).length > 0)

  it.each(withRequired)('%s rejects a wrong type for its first required field, naming it', (_id, d, schema) => {
    const field = schema.required![0]!
    const value = wrongValueFor(schema.properties![field]!)
    const parsed = d.input.safeParse({ [field]: value })
    expect(parsed.success).toBe(false)
    const issue = parsed.error?.issues.find((i) => i.path[0] === field)
    expect(issue, `no issue for ${field} given ${JSON.stringify(value)}`).toBeDefined()
  })

  it('most capabilities have a required field to check', () => {
    expect(withRequired.length).toBeGreaterThan(20)
  })
})

describe('input defaults', () => {
  it('applies defaults a provider relies on', () => {
    expect(getCapability('reports.list')!.input.parse({})).toEqual({ limit: 20, offset: 0 })
    expect(getCapability('events.query')!.input.parse({})).toEqual({ limit: 100, offset: 0 })
    expect(getCapability('events.stream')!.input.parse({})).toEqual({ pollIntervalMs: 5000 })
    expect(getCapability('task.execute')!.input.parse({ targets: 'web01', task: 'package' })).toEqual({
      targets: 'web01',
      task: 'package',
      params: {},
    })
  })

  it('accepts times with an offset and rejects other strings', () => {
    const query = getCapability('reports.query')!.input
    expect(query.safeParse({ since: '2025-01-31T12:00:00+02:00' }).success).toBe(true)
    expect(query.safeParse({ since: '2025-01-31T12:00:00Z' }).success).toBe(true)
    expect(query.safeParse({ since: 'yesterday' }).success).toBe(false)
  })

  it('lets package.update omit packages but not pass an empty list', () => {
    const update = getCapability('package.update')!.input
    expect(update.safeParse({ targets: ['web01'] }).success).toBe(true)
    expect(update.safeParse({ targets: ['web01'], packages: [] }).success).toBe(false)
    expect(getCapability('package.install')!.input.safeParse({ targets: ['web01'] }).success).toBe(false)
  })
})
