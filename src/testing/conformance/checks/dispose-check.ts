import type { ConformanceSettings } from '../conformance-settings.js'
import { describeLeftovers, HandleBaseline, isEmpty } from '../handle-baseline.js'
import { PluginSession } from '../plugin-session.js'
import type { ResultLog } from '../result-log.js'
import { SessionCalls } from '../session-calls.js'

/**
 * Check 6: with the open handles and child processes counted before the
 * plugin exists, a fresh plugin is started, called once per capability with
 * a sample input (a stream up to its first item), and disposed; within the
 * bound everything it opened must be closed again. What is left is named
 * by type (Timeout, TCPSocketWrap, ProcessWrap, ...) and process.
 */
export async function checkDispose(settings: ConformanceSettings, log: ResultLog, capabilities: readonly string[]): Promise<void> {
  await log.check('dispose', undefined, async () => {
    const baseline = HandleBaseline.take('opened since')
    let session: PluginSession
    try {
      session = await PluginSession.start(settings, { initialize: log.skipReason('initialize') === undefined })
    } catch (error) {
      baseline.stop()
      throw error
    }
    const problems: string[] = []
    try {
      if (session.startProblem === undefined) await callEach(new SessionCalls(session, settings.timeoutMs), settings, log, capabilities)
      baseline.notice()
    } finally {
      const closing = await session.close()
      if (closing !== undefined) problems.push(closing)
    }
    const left = await baseline.leftoversWithin(settings.timeoutMs)
    if (!isEmpty(left)) problems.push(`after dispose it left ${describeLeftovers(left)}`)
    return { problems }
  })
}

/** One sample call of each capability whose output check the caller does not skip; failures are other checks' business. */
async function callEach(calls: SessionCalls, settings: ConformanceSettings, log: ResultLog, capabilities: readonly string[]): Promise<void> {
  for (const id of capabilities) {
    if (log.skipReason('output-schema', id) !== undefined) continue
    const call = await calls.sampleCall(id, settings.inputs, 'inputs').catch(() => undefined)
    if (call !== undefined && !('skipped' in call)) await calls.run(call, 1, 'the sample call')
  }
}
