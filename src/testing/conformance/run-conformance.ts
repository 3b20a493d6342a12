import type { BasePlugin } from 'capstan'
import { checkCapabilityKeys } from './check-capability-keys.js'
import { checkDispose } from './checks/dispose-check.js'
import { checkInputValidation } from './checks/input-validation-check.js'
import { checkManifest } from './checks/manifest-check.js'
import { checkWithSession } from './checks/session-checks.js'
import type { ConformanceOptions } from './conformance-options.js'
import type { ConformanceReport } from './conformance-report.js'
import { conformanceSettings } from './conformance-settings.js'
import { describeThrown } from './describe-thrown.js'
import { descriptorOf } from './descriptor-of.js'
import { ResultLog } from './result-log.js'

/**
 * Runs the conformance checks against a plugin and reports each one, for
 * every capability its `capabilities()` provides: bad input is refused with
 * VALIDATION_ERROR before the handler runs; outputs parse against their
 * schemas; every thrown error is a CapstanError with a catalog code; streams
 * and executions stop on their AbortSignal and leave nothing running; health
 * returns a valid report; `dispose` leaves no open handle; plugin.json and
 * the code agree. Each step is bounded by `timeoutMs`: a plugin that hangs
 * fails a check, it does not hang the run. Needs no test framework; see
 * {@link assertConformance} for the one-line form.
 *
 * Child processes are found through /proc, so on systems without it only
 * `process.getActiveResourcesInfo()` tells whether one is left. Processes
 * left running are reported, then killed.
 *
 * @example
 * ```ts
 * const report = await runConformance({
 *   plugin: () => sshPlugin({ sshConfig: '/home/ops/.ssh/config' }),
 *   packageDir: 'node_modules/@capstan/plugin-ssh',
 *   inputs: { 'info.facts': { node: 'web01' }, 'command.execute': { targets: 'web01', command: 'echo hi' } },
 * })
 * for (const failure of report.failures) console.log(failure.check, failure.capability, failure.problem)
 * ```
 * @throws CapstanError VALIDATION_ERROR when an option is wrong (`details.field` names it), such as a sample input its schema refuses.
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const settings = conformanceSettings(options)
  const log = new ResultLog(settings.skip)
  const plugin = await settings.createPlugin()
  const provided = providedIds(plugin, log)
  try {
    checkCapabilityKeys(settings, provided, plugin.contributes)
  } catch (error) {
    await plugin.dispose()
    throw error
  }
  const capabilities = provided.filter((id) => descriptorOf(id, plugin.contributes) !== undefined)
  const served = await checkInputValidation(plugin, settings, log, capabilities)
  const declared = await checkManifest(settings, log, { name: plugin.metadata.name, provided, contributes: plugin.contributes ?? [] })
  await checkWithSession(settings, log, { capabilities, known: new Set([...provided, ...served, ...declared]) })
  await checkDispose(settings, log, capabilities)
  return log.report(plugin.metadata.name)
}

/** The ids `capabilities()` returns; when it throws, that is a failed manifest check and there are none. */
function providedIds(plugin: BasePlugin, log: ResultLog): string[] {
  try {
    return Object.keys(plugin.capabilities())
  } catch (error) {
    log.record('manifest', undefined, { problems: [`capabilities() threw ${describeThrown(error)}`] })
    return []
  }
}
