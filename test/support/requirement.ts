// Integration suites need something of this machine (a service of test/infra,
// root, a program). `needs(...)` gives them a `describe` and an `it` that run
// when every requirement is met; otherwise the suite's body is never run (it
// may use what is missing) and one skipped test says what is missing and how
// to get it, which the run's closing summary prints (skip-reasons-reporter.ts).
// Under CI=true a missing requirement fails instead: CI starts every service.
import { describe, it, type TestFunction, type TestOptions } from 'vitest'

/** Something a suite needs; `missing` says what is not there and how to get it. */
export interface Requirement {
  met: boolean
  /** `PuppetDB not running (start it: bash test/infra/start-puppetdb.sh)`. */
  missing: string
}

/** A requirement, met when `met` is true. */
export const requirement = (met: boolean, missing: string): Requirement => ({ met, missing })

/** The `describe` and `it` of suites that need `requirements`. */
export interface ConditionalSuite {
  describe(name: string, body: () => void): void
  it(name: string, body: TestFunction): void
  it(name: string, options: TestOptions, body: TestFunction): void
}

/** `describe` and `it` that run only when every one of `requirements` is met. */
export function needs(...requirements: Requirement[]): ConditionalSuite {
  const missing = requirements.find((r) => !r.met)?.missing
  if (missing === undefined) return { describe, it }
  return {
    describe: (name) => describe(name, () => unmet(`skipped: ${missing}`, missing)),
    it: (name: string) => unmet(name, missing),
  }
}

/** A test that is skipped with `missing` as its note, or fails under CI=true. */
function unmet(name: string, missing: string): void {
  if (process.env['CI'] === 'true') {
    it(name, () => {
      throw new Error(`${missing}; CI=true runs every integration suite`)
    })
    return
  }
  it(name, (context) => context.skip(`skipped: ${missing}`))
}
