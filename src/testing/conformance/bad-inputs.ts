import type { CapabilityDescriptor } from 'capstan'
import { inputJsonSchema, type JsonSchema } from './input-json-schema.js'

/** An input that must be refused, and what is wrong with it. */
export interface BadInput {
  label: string
  input: unknown
}

/** A field no capability has, to check that unknown fields are refused. */
const UNKNOWN_FIELD = 'conformanceUnknownField'
/** One value of each JSON type; a field gets the first its schema does not accept. */
const VALUES_BY_TYPE: ReadonlyArray<[string, unknown]> = [
  ['number', 12345],
  ['string', 'conformance'],
  ['boolean', true],
  ['null', null],
  ['array', []],
  ['object', {}],
]

/**
 * Inputs that break a capability's input schema, derived from it: not an
 * object, an unknown field (when the schema is strict), each required field
 * missing, and each required field (or, without any, the first field) with
 * a value of the wrong JSON type. Each starts from `base` (the caller's
 * sample, or `{}`), so only the named part is wrong; one the schema accepts
 * after all is dropped. `extra` (the caller's own) come last, unchecked.
 */
export function badInputsOf(descriptor: CapabilityDescriptor, base: Record<string, unknown>, extra: readonly unknown[] = []): BadInput[] {
  const schema = inputJsonSchema(descriptor)
  const properties = schema.properties ?? {}
  const required = schema.required ?? []
  const derived: BadInput[] = [{ label: 'a string instead of an object', input: 'conformance' }]
  if (schema.additionalProperties === false) derived.push({ label: `unknown field ${UNKNOWN_FIELD}`, input: { ...base, [UNKNOWN_FIELD]: true } })
  for (const field of required) derived.push({ label: `required field ${field} missing`, input: withoutField(base, field) })
  const typed = required.length > 0 ? required : Object.keys(properties).slice(0, 1)
  for (const field of typed) {
    const wrong = wrongValue(properties[field] ?? {})
    if (wrong !== undefined) derived.push({ label: `field ${field} of the wrong type (${wrong[0]})`, input: { ...base, [field]: wrong[1] } })
  }
  const refused = derived.filter((bad) => !descriptor.input.safeParse(bad.input).success)
  return [...refused, ...extra.map((input, index) => ({ label: `badInputs["${descriptor.id}"][${index}]`, input }))]
}

function withoutField(base: Record<string, unknown>, field: string): Record<string, unknown> {
  const { [field]: _dropped, ...rest } = base
  return rest
}

/** A value of a JSON type the schema does not accept, with that type's name; undefined when it accepts any. */
function wrongValue(schema: JsonSchema): [string, unknown] | undefined {
  const accepted = acceptedTypes(schema)
  if (accepted === 'any') return undefined
  return VALUES_BY_TYPE.find(([type]) => !accepted.has(type))
}

/** The JSON types a schema accepts (`integer` counts as `number`), or `any` when it names none. */
function acceptedTypes(schema: JsonSchema): Set<string> | 'any' {
  const types = new Set<string>()
  const named = [schema.type ?? [], ...(schema.enum ?? []).map(jsonType), ...('const' in schema ? [jsonType(schema.const)] : [])].flat()
  for (const type of named) types.add(type === 'integer' ? 'number' : type)
  for (const alternative of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    const inner = acceptedTypes(alternative)
    if (inner === 'any') return 'any'
    inner.forEach((type) => types.add(type))
  }
  return types.size === 0 ? 'any' : types
}

function jsonType(value: unknown): string {
  if (value === null) return 'null'
  return Array.isArray(value) ? 'array' : typeof value
}
