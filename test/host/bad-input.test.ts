import { capabilityCatalog, type CapabilityDescriptor, type CapstanError, type FieldIssue } from 'capstan'
import { describe, expect, it } from 'vitest'
import { rejection } from '@capstan/test-support/async'
import { everyCapabilityHost } from '../support/every-capability-host.js'
import { inputSchema, minimalInput, wrongValue } from '../support/input-samples.js'

// Every case here is derived from the catalog's own schemas, so a capability
// added later is covered without touching this file.

const descriptors = [...capabilityCatalog] as CapabilityDescriptor[]
const properties = descriptors.flatMap((d) => Object.entries(inputSchema(d).properties ?? {}).map(([field, schema]) => ({ id: d.id, d, field, schema })))
const required = descriptors.flatMap((d) => (inputSchema(d).required ?? []).map((field) => ({ id: d.id, d, field })))
const enums = properties.flatMap(({ id, d, field, schema }) => {
  if (schema.enum !== undefined) return [{ id, d, field, path: field, value: 'no-such-value' as unknown }]
  if (schema.items?.enum !== undefined) return [{ id, d, field, path: `${field}[0]`, value: ['no-such-value'] as unknown }]
  return []
})

const host = everyCapabilityHost()

async function invalid(id: string, input: unknown): Promise<CapstanError & { details: { issues: FieldIssue[] } }> {
  const error = await rejection(host.capstan.invokeUnchecked(id, input), 'VALIDATION_ERROR')
  expect(error.details.capability).toBe(id)
  expect(Array.isArray(error.details.issues)).toBe(true)
  // Validation runs before any plugin code: not even the inventory is read to resolve targets.
  expect(host.every.log.calls.map((c) => c.capability)).toEqual([])
  return error as CapstanError & { details: { issues: FieldIssue[] } }
}

const paths = (error: { details: { issues: FieldIssue[] } }) => error.details.issues.map((i) => i.path)

describe('the data-driven cases', () => {
  it('cover every capability and the known enum fields', () => {
    expect(new Set(properties.map((p) => p.id)).size).toBeGreaterThan(30)
    expect(required.length).toBeGreaterThan(20)
    expect(enums.map((e) => `${e.id}:${e.path}`)).toEqual(
      expect.arrayContaining(['alert.list:state', 'alert.list:severity', 'alert.subscribe:severity', 'reports.query:status', 'reports.query:include[0]', 'events.query:status', 'events.stream:status']),
    )
  })

  it.each(descriptors.map((d) => [d.id, d] as const))('builds a valid minimal input for %s', (_id, d) => {
    expect(d.input.safeParse(minimalInput(d)).success).toBe(true)
  })
})

describe('invoke with bad input', () => {
  it.each(properties.map((p) => [p.id, p.field, p] as const))('%s: a wrong-typed %s is a VALIDATION_ERROR naming the field', async (id, field, { d, schema }) => {
    const error = await invalid(id, { ...minimalInput(d), [field]: wrongValue(schema) })
    expect(paths(error)).toContain(field)
    expect(error.message).toContain(field)
  })

  it.each(required.map((r) => [r.id, r.field, r] as const))('%s: a missing required %s is a VALIDATION_ERROR naming the field', async (id, field, { d }) => {
    const input = minimalInput(d)
    delete input[field]
    const error = await invalid(id, input)
    expect(paths(error)).toEqual([field])
  })

  it.each(enums.map((e) => [e.id, e.path, e] as const))('%s: an unknown enum value in %s is a VALIDATION_ERROR naming the field', async (id, path, { d, field, value }) => {
    const error = await invalid(id, { ...minimalInput(d), [field]: value })
    expect(paths(error)).toEqual([path])
  })

  it.each(descriptors.map((d) => [d.id, d] as const))('%s: an unknown extra key is a VALIDATION_ERROR naming the key', async (id, d) => {
    const error = await invalid(id, { ...minimalInput(d), bogusField: 1 })
    expect(paths(error)).toEqual(['bogusField'])
    expect(error.details.issues[0]?.message).toContain('bogusField')
    expect(error.message).toContain('bogusField')
  })

  it.each(descriptors.map((d) => [d.id] as const))('%s: an input that is not an object is a VALIDATION_ERROR at the root', async (id) => {
    const error = await invalid(id, 'not an object')
    expect(paths(error)).toEqual(['(root)'])
  })

  it('names every bad field at once, not only the first', async () => {
    const error = await invalid('command.execute', { targets: 42, command: '', timeoutMs: -1 })
    expect(paths(error).sort()).toEqual(['command', 'targets', 'timeoutMs'])
  })

  it('reports a nested field with its full path', async () => {
    const error = await invalid('command.execute', { targets: ['web01', ''], command: 'uptime' })
    expect(paths(error)).toContain('targets[1]')
    const env = await invalid('command.execute', { targets: 'web01', command: 'uptime', env: { PATH: 1 } })
    expect(paths(env)).toEqual(['env.PATH'])
  })

  it('throws a stream facade bad input from the first next(), before any provider runs', async () => {
    const iterator = host.capstan.events.stream({ status: 'exploded' } as never)[Symbol.asyncIterator]()
    const error = await rejection(iterator.next(), 'VALIDATION_ERROR')
    expect(paths(error as never)).toEqual(['status'])
    expect(host.every.log.count()).toBe(0)
  })

  it('counts a rejected input as an invocation error in metrics', async () => {
    const before = host.capstan.metrics().capabilities['deploy.status']?.errors ?? 0
    await invalid('deploy.status', {})
    expect(host.capstan.metrics().capabilities['deploy.status']?.errors).toBe(before + 1)
  })
})
