// Integration suites need something of this machine (a service of test/infra,
// root, a program). `needs(...)` gives them a `describe` and an `it` that run
// when every requirement is met; otherwise the suite's body is never run (it
// may use what is missing) and one skipped test says what is missing and how
// to get it, which the run's closing summary prints (skip-reasons-reporter.ts).
// A requirement on a service is met only when the service also answers (a
// stale test/infra/.env names services that are gone): needs() probes it
// before the suite's body runs. Under CI=true a missing requirement fails
// instead: CI starts every service.
import { describe, it, type TestContext, type TestFunction, type TestOptions } from 'vitest'
import { serviceAnswers, type ServiceAddress } from './service-probe.js'

/** Something a suite needs; `missing` says what is not there and how to get it. */
export interface Requirement {
  met: boolean
  /** `PuppetDB not running (start it: bash test/infra/start-puppetdb.sh)`. */
  missing: string
  /** When `met`, services that must also answer; needs() probes each (once per address) before the suite runs. */
  services?: ServiceCheck[]
}

/** A service a requirement needs to answer. */
export interface ServiceCheck {
  address: ServiceAddress
  /** Why the suite skips when nothing answers there, and how to start it (see `silentServiceReason`). */
  silent: string
}

/** A requirement, met when `met` is true and every one of `services` answers. */
export const requirement = (met: boolean, missing: string, services: ServiceCheck[] = []): Requirement => ({ met, missing, ...(services.length === 0 ? {} : { services }) })

/** The `describe` and `it` of suites that need `requirements`. */
export interface ConditionalSuite {
  describe(name: string, body: () => void): void
  it(name: string, body: TestFunction): void
  it(name: string, options: TestOptions, body: TestFunction): void
}

/** `describe` and `it` that run only when every one of `requirements` is met and every service they name answers. */
export function needs(...requirements: Requirement[]): ConditionalSuite {
  const missing = requirements.find((r) => !r.met)?.missing
  if (missing !== undefined) {
    return {
      describe: (name) => describe(name, () => unmet(`skipped: ${missing}`, missing)),
      it: (name: string) => unmet(name, missing),
    }
  }
  const services = requirements.flatMap((r) => r.services ?? [])
  if (services.length === 0) return { describe, it }
  const silent = () => firstSilent(services)
  return {
    // The probe runs while the suite is collected, so an unanswered suite's body is never even collected.
    describe: (name, body) =>
      describe(name, async () => {
        const reason = await silent()
        if (reason === undefined) body()
        else unmet(`skipped: ${reason}`, reason)
      }),
    it: (name: string, ...rest: [TestFunction] | [TestOptions, TestFunction]) => {
      const [options, body] = rest.length === 1 ? [{}, rest[0]] : rest
      it(name, options, async (context) => {
        const reason = await silent()
        if (reason !== undefined) return skipOrFail(context, reason)
        return body(context)
      })
    },
  }
}

async function firstSilent(services: readonly ServiceCheck[]): Promise<string | undefined> {
  const answered = await Promise.all(services.map((service) => serviceAnswers(service.address)))
  return services.find((_, index) => !answered[index])?.silent
}

/** A test that is skipped with `missing` as its note, or fails under CI=true. */
function unmet(name: string, missing: string): void {
  it(name, (context) => skipOrFail(context, missing))
}

function skipOrFail(context: TestContext, missing: string): void {
  if (process.env['CI'] === 'true') throw new Error(`${missing}; CI=true runs every integration suite`)
  context.skip(`skipped: ${missing}`)
}
