// The conformance kit's own options: a mistake is a VALIDATION_ERROR naming
// the option, and a skipped check is reported with its reason, not hidden.
import { describe, expect, it } from 'vitest'
import { isCapstanError } from 'capstan'
import { conformanceChecks, runConformance, type ConformanceCheck, type ConformanceOptions } from 'capstan/testing'
import { conformancePlugin, TIDY_NODE, tidyInputs } from './conformance-plugins.js'

async function refusal(options: ConformanceOptions): Promise<{ field: unknown; message: string }> {
  try {
    await runConformance(options)
  } catch (error) {
    if (isCapstanError(error, 'VALIDATION_ERROR')) return { field: error.details.field, message: error.message }
    throw error
  }
  throw new Error('expected a VALIDATION_ERROR')
}

const plugin = () => conformancePlugin()

describe('runConformance options', () => {
  it.each([
    ['a time bound that is not positive', { plugin, timeoutMs: 0 }, 'timeoutMs'],
    ['an unknown option', { plugin, timeout: 5 } as ConformanceOptions, 'timeout'],
    ['a skip without a reason', { plugin, skip: { abort: ' ' } }, 'skip.abort'],
    ['a whole-plugin check skipped per capability', { plugin, skip: { health: { 'info.facts': 'no' } } } as unknown as ConformanceOptions, 'skip.health'],
    ['no factory', { plugin: undefined } as unknown as ConformanceOptions, 'plugin'],
  ])('refuses %s, naming the option', async (_what, options, field) => {
    expect((await refusal(options)).field).toBe(field)
  })

  it('refuses an input for a capability the plugin does not provide, suggesting the one meant', async () => {
    const { field, message } = await refusal({ plugin, inputs: { 'info.fact': { node: TIDY_NODE } } })
    expect(field).toBe('inputs["info.fact"]')
    expect(message).toContain('did you mean "info.facts"?')
  })

  it('refuses a sample input its schema refuses, naming the field inside it', async () => {
    const { field } = await refusal({ plugin, inputs: { 'command.execute': { targets: TIDY_NODE, command: 42 } } })
    expect(field).toBe('inputs["command.execute"].command')
  })

  it('refuses a factory that returns no plugin', async () => {
    expect((await refusal({ plugin: () => ({}) as never })).field).toBe('plugin')
  })

  it('reports a skipped check with its reason, for every capability or only the one named', async () => {
    const report = await runConformance({ plugin, inputs: tidyInputs, skip: { abort: 'no backend to abort', 'error-codes': { 'info.facts': 'tested elsewhere' } } })
    expect(report.ok).toBe(true)
    const skipped = report.results.filter((r) => r.skipped !== undefined).map((r) => [r.check, r.capability, r.skipped])
    expect(skipped).toEqual([
      ['error-codes', 'info.facts', 'tested elsewhere'],
      ['abort', 'inventory.list', 'no backend to abort'],
      ['abort', 'info.facts', 'no backend to abort'],
      ['abort', 'command.execute', 'no backend to abort'],
      ['abort', 'events.stream', 'no backend to abort'],
      ['manifest', undefined, 'no packageDir given, so there is no plugin.json to compare'],
    ].sort((a, b) => order(a[0]!) - order(b[0]!)))
  })

  it('skips the calls of a capability it has no input for, saying which input to give', async () => {
    const report = await runConformance({ plugin })
    expect(report.results.find((r) => r.check === 'output-schema' && r.capability === 'command.execute')?.skipped).toBe('no sample input: give inputs["command.execute"] (it needs targets, command)')
    expect(report.results.find((r) => r.check === 'output-schema' && r.capability === 'inventory.list')?.skipped).toBeUndefined()
  })
})

function order(check: string): number {
  return conformanceChecks.indexOf(check as ConformanceCheck)
}
