import { isCapstanError, type BasePlugin, type CapabilityDescriptor, type Capstan, type Execution } from 'capstan'
import { createTestCapstan } from '../../create-test-capstan.js'
import { badInputsOf, type BadInput } from '../bad-inputs.js'
import type { ConformanceSettings } from '../conformance-settings.js'
import { descriptorOf } from '../descriptor-of.js'
import { describeThrown } from '../describe-thrown.js'
import { recordedPlugin } from '../recorded-plugin.js'
import type { ResultLog, Verdict } from '../result-log.js'
import { settleWithin } from '../settle-within.js'

/**
 * Check 1, through a real host: every bad input of every capability is
 * refused with VALIDATION_ERROR naming a field, and no handler of the plugin
 * ran. Resolves with the capability ids the host routes to the plugin (its
 * own and those the host derives from them), for the manifest check.
 */
export async function checkInputValidation(plugin: BasePlugin, settings: ConformanceSettings, log: ResultLog, capabilities: readonly string[]): Promise<string[]> {
  const calls = { count: 0 }
  let capstan: Capstan
  try {
    capstan = await createTestCapstan({
      plugins: [{ plugin: recordedPlugin(plugin, calls), ...(settings.context.config === undefined ? {} : { config: { ...settings.context.config } }) }],
      ...(settings.context.logger === undefined ? {} : { logger: settings.context.logger }),
      startRetry: false,
      initTimeoutMs: settings.timeoutMs,
      ...(settings.context.killGraceMs === undefined ? {} : { killGraceMs: settings.context.killGraceMs }),
    })
  } catch (error) {
    // The host refuses the wiring itself (a metadata it does not accept): no input can reach the plugin.
    await plugin.dispose()
    for (const id of capabilities) await log.check('input-validation', id, () => ({ problems: [`a host refused the plugin: ${describeThrown(error)}`] }))
    return []
  }
  try {
    for (const id of capabilities) await log.check('input-validation', id, () => checkCapability(capstan, descriptorOf(id, plugin.contributes), id, settings, calls))
    return capstan
      .capabilities()
      .filter((info) => info.providers.some((provider) => provider.plugin === plugin.metadata.name))
      .map((info) => info.id)
  } finally {
    await capstan.close()
  }
}

/** Every bad input of one capability, each through `invokeUnchecked`. */
async function checkCapability(capstan: Capstan, descriptor: CapabilityDescriptor | undefined, id: string, settings: ConformanceSettings, calls: { count: number }): Promise<Verdict> {
  if (descriptor === undefined) return { skipped: 'no descriptor' }
  const base = settings.inputs[id]
  const problems: string[] = []
  for (const bad of badInputsOf(descriptor, isRecord(base) ? base : {}, settings.badInputs[id])) {
    const problem = await refusal(() => capstan.invokeUnchecked(id, bad.input), bad, calls, settings.timeoutMs)
    if (problem !== undefined) problems.push(problem)
  }
  return { problems }
}

/** Why the host's answer to one bad input is wrong, or undefined when it refused it properly. */
async function refusal(invoke: () => Promise<unknown>, bad: BadInput, calls: { count: number }, timeoutMs: number): Promise<string | undefined> {
  const before = calls.count
  const answer = await settleWithin(invoke, timeoutMs)
  const ran = calls.count > before ? ' and the handler ran' : ''
  if (answer.status === 'value') {
    await stopAccepted(answer.value, timeoutMs)
    return `${bad.label}: accepted${ran}`
  }
  if (answer.status === 'timeout') return `${bad.label}: no answer within ${timeoutMs} ms${ran}`
  const error = answer.error
  if (!isCapstanError(error, 'VALIDATION_ERROR')) return `${bad.label}: refused with ${describeThrown(error)} instead of VALIDATION_ERROR${ran}`
  if (typeof error.details.field !== 'string') return `${bad.label}: the VALIDATION_ERROR names no details.field${ran}`
  return ran === '' ? undefined : `${bad.label}: refused with VALIDATION_ERROR, but only after the handler ran`
}

/** An execution the host accepted is cancelled, so a bad input never runs to its end. */
async function stopAccepted(value: unknown, timeoutMs: number): Promise<void> {
  const run = value as Partial<Execution> | null
  if (typeof run?.cancel !== 'function') return
  run.cancel()
  await settleWithin(() => run.result, timeoutMs)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
