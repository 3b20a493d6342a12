import { CapstanError, type CapabilityTypeDefinition } from 'capstan'
import { closestMatch, formatPath } from 'capstan/plugin-kit'
import type { ConformanceSettings } from './conformance-settings.js'
import { descriptorOf } from './descriptor-of.js'

/**
 * Checks the options that name capabilities against what the plugin
 * provides: a key that names nothing the plugin provides is most often a
 * typo, and a sample input that breaks the capability's schema would test
 * nothing.
 *
 * @throws CapstanError VALIDATION_ERROR naming the option, e.g. `inputs["inventory.lst"]` or `inputs["command.execute"].targets`.
 */
export function checkCapabilityKeys(settings: ConformanceSettings, provided: readonly string[], contributes: readonly CapabilityTypeDefinition[] = []): void {
  const keyed: Array<[option: string, keys: string[]]> = [
    ['inputs', Object.keys(settings.inputs)],
    ['abortInputs', Object.keys(settings.abortInputs)],
    ['badInputs', Object.keys(settings.badInputs)],
    ...Object.entries(settings.skip).flatMap(([check, skip]): Array<[string, string[]]> => (typeof skip === 'object' && skip !== null ? [[`skip.${check}`, Object.keys(skip)]] : [])),
  ]
  for (const [option, keys] of keyed) {
    const unknown = keys.find((id) => !provided.includes(id))
    if (unknown === undefined) continue
    const suggestion = closestMatch(unknown, provided)
    throw new CapstanError('VALIDATION_ERROR', {
      message: `runConformance options: ${option} names "${unknown}", which the plugin does not provide${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}`,
      details: { field: formatPath([...option.split('.'), unknown]) },
    })
  }
  for (const option of ['inputs', 'abortInputs'] as const) {
    for (const [id, input] of Object.entries(settings[option])) {
      const parsed = descriptorOf(id, contributes)?.input.safeParse(input)
      const issue = parsed?.success === false ? parsed.error.issues[0] : undefined
      if (issue === undefined) continue
      const field = formatPath([option, id, ...issue.path])
      throw new CapstanError('VALIDATION_ERROR', { message: `runConformance options: ${field}: ${issue.message} (a sample input must be valid)`, details: { field } })
    }
  }
}
