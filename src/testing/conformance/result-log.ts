import { conformanceChecks, type ConformanceCheck } from './conformance-check.js'
import type { ConformanceSkips } from './conformance-options.js'
import type { ConformanceReport, ConformanceResult } from './conformance-report.js'
import { describeThrown } from './describe-thrown.js'

/** What one check found: nothing (passed), problems, or why it did not run. */
export type Verdict = { problems: string[] } | { skipped: string } | undefined

/**
 * Collects the results of a run. Every check goes through {@link ResultLog.check},
 * so a skip the caller asked for is honoured and reported in one place, and
 * a check that throws is a failed check rather than a crashed run.
 */
export class ResultLog {
  readonly #skips: ConformanceSkips
  readonly #results: ConformanceResult[] = []

  constructor(skips: ConformanceSkips) {
    this.#skips = skips
  }

  /** The reason the caller gave for skipping `check` (for `capability`), if any. */
  skipReason(check: ConformanceCheck, capability?: string): string | undefined {
    const skip = this.#skips[check]
    if (typeof skip === 'string') return skip
    return capability === undefined ? undefined : skip?.[capability]
  }

  /** Runs one check unless skipped, and records its result. */
  async check(check: ConformanceCheck, capability: string | undefined, run: () => Verdict | Promise<Verdict>): Promise<void> {
    const reason = this.skipReason(check, capability)
    if (reason !== undefined) return this.record(check, capability, { skipped: reason })
    let verdict: Verdict
    try {
      verdict = await run()
    } catch (error) {
      verdict = { problems: [`the check could not run: ${describeThrown(error)}`] }
    }
    this.record(check, capability, verdict)
  }

  /** Records a result directly. */
  record(check: ConformanceCheck, capability: string | undefined, verdict: Verdict): void {
    const about = capability === undefined ? {} : { capability }
    if (verdict === undefined || ('problems' in verdict && verdict.problems.length === 0)) this.#results.push({ check, ...about, ok: true })
    else if ('skipped' in verdict) this.#results.push({ check, ...about, ok: true, skipped: verdict.skipped })
    else this.#results.push({ check, ...about, ok: false, problem: verdict.problems.join('; ') })
  }

  /** The report, results in check order (stable within a check). */
  report(plugin: string): ConformanceReport {
    const order = (result: ConformanceResult) => conformanceChecks.indexOf(result.check)
    const results = [...this.#results].sort((a, b) => order(a) - order(b))
    const failures = results.filter((result) => !result.ok)
    return { plugin, ok: failures.length === 0, results, failures }
  }
}
