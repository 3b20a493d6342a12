import type { BasePlugin } from 'capstan'
import { formatPath } from 'capstan/plugin-kit'
import { z } from 'zod'
import { describeThrown } from './describe-thrown.js'
import { settleWithin } from './settle-within.js'

/** A {@link capstan!HealthStatus | HealthStatus} as the host reports it. */
const HealthReport = z.object({
  status: z.enum(['healthy', 'degraded', 'unhealthy']),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
  checkedAt: z.iso.datetime({ offset: true }),
  latencyMs: z.number().nonnegative(),
  workingCapabilities: z.array(z.string()),
  failingCapabilities: z.array(z.string()),
})

/**
 * Check 5: `healthCheck({ refresh: true })` answers within the bound,
 * without throwing, with a valid report whose working and failing
 * capabilities are ids the plugin provides or declares, none in both lists.
 */
export async function healthProblems(plugin: BasePlugin, known: ReadonlySet<string>, timeoutMs: number): Promise<string[]> {
  const answered = await settleWithin(() => plugin.healthCheck({ refresh: true }), timeoutMs)
  if (answered.status === 'timeout') return [`healthCheck() did not answer within ${timeoutMs} ms`]
  if (answered.status === 'error') return [`healthCheck() threw ${describeThrown(answered.error)} (it reports a failing check as unhealthy instead)`]
  const parsed = HealthReport.safeParse(answered.value)
  if (!parsed.success) return parsed.error.issues.map((issue) => `the health report's ${formatPath(issue.path)}: ${issue.message}`)
  const { workingCapabilities: working, failingCapabilities: failing } = parsed.data
  return [
    ...[...working.map((id) => ['working', id]), ...failing.map((id) => ['failing', id])].flatMap(([list, id]) =>
      known.has(id as string) ? [] : [`the health report's ${list}Capabilities names "${id}", which the plugin neither provides nor declares`],
    ),
    ...working.filter((id) => failing.includes(id)).map((id) => `the health report lists "${id}" as both working and failing`),
  ]
}
