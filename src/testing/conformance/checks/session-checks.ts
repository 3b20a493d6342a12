import { abortRun, type AbortMoment } from '../abort-run.js'
import { descriptorOf } from '../descriptor-of.js'
import type { ConformanceSettings } from '../conformance-settings.js'
import { yieldsItems } from '../handler-run.js'
import { healthProblems } from '../health-problems.js'
import { outputProblems } from '../output-problems.js'
import { PluginSession } from '../plugin-session.js'
import type { ResultLog, Verdict } from '../result-log.js'
import { SessionCalls } from '../session-calls.js'

/** Items of a stream the output check reads. */
const STREAM_ITEMS = 5
/** How long a stream about an unknown node is read, in ms. */
const QUICK_STREAM_MS = 1_000
/** Each stream and execution is aborted twice: with its signal aborted from the start, and while it runs. */
const ABORT_MOMENTS: readonly AbortMoment[] = ['before the call', 'after the first item']

/** What the session checks run over. */
export interface SessionScope {
  /** The capability ids to call (provided, with a descriptor). */
  capabilities: readonly string[]
  /** Every id the plugin provides, serves or declares: the ids a health report may name. */
  known: ReadonlySet<string>
}

/**
 * Checks 2 to 5 on one fresh plugin the kit starts itself: initialise,
 * then each capability's sample output, the abort of each stream and
 * execution, the errors every call threw (and one about an unknown node),
 * and the health report. The plugin is closed at the end.
 */
export async function checkWithSession(settings: ConformanceSettings, log: ResultLog, scope: SessionScope): Promise<void> {
  const initialize = log.skipReason('initialize') === undefined
  const session = await PluginSession.start(settings, { initialize })
  try {
    await log.check('initialize', undefined, () => (session.startProblem === undefined ? undefined : { problems: [session.startProblem] }))
    const notRun: Verdict = session.startProblem === undefined ? undefined : { skipped: `not run: ${initialize ? 'the plugin did not start' : 'initialize is skipped'}` }
    const calls = new SessionCalls(session, settings.timeoutMs)
    for (const id of scope.capabilities) {
      await log.check('output-schema', id, async () => {
        if (notRun !== undefined) return notRun
        const call = await calls.sampleCall(id, settings.inputs, 'inputs')
        if ('skipped' in call) return call
        return { problems: outputProblems(call, await calls.run(call, STREAM_ITEMS, 'the sample call'), settings.timeoutMs) }
      })
    }
    for (const id of scope.capabilities) {
      await log.check('abort', id, async () => {
        const descriptor = descriptorOf(id, session.plugin.contributes)
        if (descriptor === undefined || !yieldsItems(descriptor)) return { skipped: 'neither a stream nor an execution' }
        if (notRun !== undefined) return notRun
        const call = await calls.sampleCall(id, { ...settings.inputs, ...settings.abortInputs }, Object.hasOwn(settings.abortInputs, id) ? 'abortInputs' : 'inputs')
        if ('skipped' in call) return call
        const problems: string[] = []
        for (const moment of ABORT_MOMENTS) {
          const outcome = await abortRun(call, session.context.logger, settings.timeoutMs, moment)
          if (outcome.error !== undefined) calls.errors.add(id, `the call aborted ${moment}`, outcome.error)
          problems.push(...outcome.problems.map((problem) => `aborted ${moment}: ${problem}`))
        }
        return { problems }
      })
    }
    for (const id of scope.capabilities) {
      await log.check('error-codes', id, async () => {
        if (notRun !== undefined) return notRun
        const call = calls.unknownNodeCall(id, settings.inputs)
        // A stream about a node nobody knows may rightly wait for ever: a failure shows at its start.
        const bound = call?.descriptor.kind === 'stream' ? Math.min(QUICK_STREAM_MS, settings.timeoutMs) : settings.timeoutMs
        if (call !== undefined) await calls.run(call, 1, 'the call about an unknown node', bound)
        return { problems: calls.errors.problems(id) }
      })
    }
    await log.check('health', undefined, async () => ({ problems: await healthProblems(session.plugin, scope.known, settings.timeoutMs) }))
  } finally {
    await session.close()
  }
}
