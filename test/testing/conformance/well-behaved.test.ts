// A plugin that does everything right passes every check of the conformance
// kit, each check reported per capability.
import { describe, expect, it } from 'vitest'
import { assertConformance, conformanceChecks, runConformance } from 'capstan/testing'
import { scratchDir } from '@capstan/test-support/scratch-dir'
import { conformancePlugin, TIDY_CAPABILITIES, tidyAbortInputs, tidyInputs, writeManifest } from './conformance-plugins.js'

describe('runConformance on a well-behaved plugin', () => {
  it('passes every check, with a result for every capability it provides', async () => {
    const packageDir = writeManifest(scratchDir('conformance-tidy-'), 'tidy', TIDY_CAPABILITIES)
    const report = await runConformance({ plugin: () => conformancePlugin(), packageDir, inputs: tidyInputs, abortInputs: tidyAbortInputs })
    expect(report.failures).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.plugin).toBe('tidy')
    expect(new Set(report.results.map((r) => r.check))).toEqual(new Set(conformanceChecks))
    for (const check of ['input-validation', 'output-schema', 'error-codes'] as const) {
      expect(report.results.filter((r) => r.check === check).map((r) => r.capability).sort()).toEqual([...TIDY_CAPABILITIES].sort())
    }
    expect(report.results.filter((r) => r.check === 'abort' && r.skipped === undefined).map((r) => r.capability).sort()).toEqual(['command.execute', 'events.stream'])
    expect(report.results.filter((r) => r.skipped !== undefined).map((r) => `${r.check} ${r.capability}`).sort()).toEqual(['abort info.facts', 'abort inventory.list'])
  })

  it('assertConformance resolves with the same report', async () => {
    const report = await assertConformance({ plugin: () => conformancePlugin(), inputs: tidyInputs })
    expect(report.ok).toBe(true)
    expect(report.results.find((r) => r.check === 'manifest')?.skipped).toMatch(/no packageDir/)
  })
})
