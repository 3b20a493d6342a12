// A caller's value whose every trap throws (a revoked-like Proxy) in any field of any
// capability, or in any option, is the caller's VALIDATION_ERROR naming that field: zod
// reads a bad value again when it describes it, and that read must not escape as a raw
// error or a PLUGIN_ERROR "Plugin failed: trap" (issue 35, part 6).
import { capabilityCatalog, type CapabilityDescriptor } from 'capstan'
import { describe, expect, it } from 'vitest'
import { rejection } from '@capstan/test-support/async'
import { everyCapabilityHost } from '../support/every-capability-host.js'
import { inputSchema, minimalInput } from '../support/input-samples.js'

const trap = (): never => {
  throw new Error('trap')
}
const hostile = (): unknown => new Proxy({}, { get: trap, has: trap, ownKeys: trap, getPrototypeOf: trap, getOwnPropertyDescriptor: trap })

const host = everyCapabilityHost()
const descriptors = [...capabilityCatalog] as CapabilityDescriptor[]
const fields = descriptors.flatMap((d) => Object.keys(inputSchema(d).properties ?? {}).map((field) => [d.id, field, d] as const))
const options = ['principal', 'signal', 'killSignal', 'plugin', 'all', 'timeoutMs', 'priority']

describe('a value whose traps throw', () => {
  it('is tried in every field of every capability', () => {
    expect(fields.length).toBeGreaterThan(100)
  })

  it.each(fields)('%s: in %s, is a VALIDATION_ERROR naming the field', async (id, field, descriptor) => {
    const error = await rejection(host.capstan.invokeUnchecked(id, { ...minimalInput(descriptor), [field]: hostile() }), 'VALIDATION_ERROR')
    expect(error.details.field).toBe(field)
    // Either the read that threw is named, or the schema refused the value before reading it (an enum).
    expect(error.message).toMatch(/could not be read: trap|Invalid option/)
    expect(host.every.log.count()).toBe(0)
  })

  it.each(options)('in options.%s, is a VALIDATION_ERROR naming the option, for a query and an execution', async (option) => {
    for (const [id, input] of [['inventory.list', {}], ['command.execute', { targets: 'web01', command: 'true' }]] as const) {
      const error = await rejection(host.capstan.invokeUnchecked(id, input, { [option]: hostile() }), 'VALIDATION_ERROR')
      expect([id, error.details.field]).toEqual([id, `options.${option}`])
    }
  })

  it('in a facade read option (refresh), is a VALIDATION_ERROR, not a raw error', async () => {
    const error = await rejection(host.capstan.inventory.list({}, { refresh: hostile() as boolean }), 'VALIDATION_ERROR')
    expect(error.details.field).toBe('options.refresh')
  })
})
