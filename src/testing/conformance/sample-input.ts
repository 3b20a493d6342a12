import type { CapabilityDescriptor } from 'capstan'
import { inputJsonSchema } from './input-json-schema.js'

/** A capability's input for a call (parsed, defaults applied), or why there is none. */
export type Sample = { input: Record<string, unknown> } | { skipped: string }

/**
 * The input the kit calls a capability with: the one given for it, else
 * `{}` when the schema accepts that, else none (the check is skipped,
 * saying which input to give).
 *
 * @param option - the option the samples come from, named in the reason (`inputs`, `abortInputs`)
 */
export function sampleInput(descriptor: CapabilityDescriptor, samples: Readonly<Record<string, unknown>>, option: string): Sample {
  const given = Object.hasOwn(samples, descriptor.id)
  const parsed = descriptor.input.safeParse(given ? samples[descriptor.id] : {})
  if (parsed.success) return { input: parsed.data as Record<string, unknown> }
  const required = inputJsonSchema(descriptor).required ?? []
  const needs = required.length === 0 ? '' : ` (it needs ${required.join(', ')})`
  return { skipped: `no sample input: give ${option}["${descriptor.id}"]${needs}` }
}
