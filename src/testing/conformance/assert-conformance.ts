import type { ConformanceOptions } from './conformance-options.js'
import type { ConformanceReport } from './conformance-report.js'
import { runConformance } from './run-conformance.js'

/** What {@link assertConformance} throws: every failed check in its message, and the whole report. */
export class ConformanceError extends Error {
  override readonly name = 'ConformanceError'
  /** The report with every result, passed and skipped ones included. */
  readonly report: ConformanceReport

  constructor(report: ConformanceReport) {
    const lines = report.failures.map((failure) => `- ${failure.check}${failure.capability === undefined ? '' : ` ${failure.capability}`}: ${failure.problem ?? ''}`)
    super(`Plugin ${report.plugin} failed ${report.failures.length} conformance check${report.failures.length === 1 ? '' : 's'}:\n${lines.join('\n')}`)
    this.report = report
  }
}

/**
 * {@link runConformance}, for a test: resolves with the report when every
 * check passed (skipped ones included), and otherwise throws one
 * {@link ConformanceError} listing every failed check.
 *
 * @example
 * ```ts
 * it('conforms', async () => {
 *   await assertConformance({ plugin: () => localPlugin(), inputs: { 'info.facts': { node: 'localhost' } } })
 * })
 * ```
 * @throws ConformanceError listing every failed check; CapstanError VALIDATION_ERROR when an option is wrong.
 */
export async function assertConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const report = await runConformance(options)
  if (!report.ok) throw new ConformanceError(report)
  return report
}
