import { z } from 'zod'
import type { CapabilityDescriptor } from '../../capabilities/capability.js'
import { isCapabilityType, type CapabilityTypeDefinition } from '../../capabilities/capability-type.js'
import { CapstanError } from '../../errors/capstan-error.js'
import { fieldIssues } from '../../errors/validation-error.js'
import { thrownMessage } from '../../errors/thrown-message.js'
import { ContributedDescriptorSchema } from './contributed-descriptor-schema.js'

const TYPE_NAME = /^[a-z][a-z0-9-]*$/

/** Where a contributed type was found, for the errors: the plugin and the field (`contributes[0]`). */
export interface ContributionSource {
  plugin: string
  field: string
}

function contributionError(source: ContributionSource, field: string, problem: string, details: Record<string, unknown> = {}, cause?: unknown): CapstanError {
  const at = field === '' ? source.field : `${source.field}.${field}`
  return new CapstanError('CONFIG_ERROR', {
    message: `Plugin ${source.plugin} contributes a capability type that cannot be registered: ${at}: ${problem}`,
    details: { plugin: source.plugin, field: at, ...details },
    ...(cause === undefined ? {} : { cause }),
  })
}

/**
 * Checks a capability type a plugin contributes, before the host registers
 * it: made by `defineCapabilityType`, a lowercase name, at least one
 * descriptor, and each descriptor well formed: namespaced by the type
 * (`catalog.compile` in `catalog`), of that type, with Zod schemas, an object
 * input (flags, `targets`), a targeted routing for an execution, and schemas
 * that JSON Schema can describe (`capabilities()`, the CLI and the HTTP layer need it).
 *
 * @throws CapstanError CONFIG_ERROR naming the plugin and the field (`contributes[0].capabilities.compile.input`).
 */
export function checkCapabilityType(definition: unknown, source: ContributionSource): CapabilityTypeDefinition {
  if (!isCapabilityType(definition)) throw contributionError(source, '', 'not a capability type made by defineCapabilityType')
  const { name } = definition
  if (typeof name !== 'string' || !TYPE_NAME.test(name)) throw contributionError(source, 'name', `${JSON.stringify(name)} is not a type name: lowercase letters, digits and dashes, starting with a letter`)
  const entries = Object.entries(definition.capabilities)
  if (entries.length === 0) throw contributionError(source, 'capabilities', `type "${name}" has no capability`)
  for (const [operation, descriptor] of entries) checkDescriptor(name, operation, descriptor, source)
  return definition
}

function checkDescriptor(type: string, operation: string, descriptor: unknown, source: ContributionSource): void {
  const field = `capabilities.${operation}`
  const parsed = ContributedDescriptorSchema.safeParse(descriptor)
  if (!parsed.success) {
    const issues = fieldIssues(parsed.error)
    const first = issues[0]
    throw contributionError(source, first === undefined || first.path === '(root)' ? field : `${field}.${first.path}`, issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues })
  }
  const d = descriptor as CapabilityDescriptor
  if (!d.id.startsWith(`${type}.`)) throw contributionError(source, `${field}.id`, `"${d.id}" is not namespaced by its type: ids of type "${type}" start with "${type}."`, { capability: d.id })
  if (d.type !== type) throw contributionError(source, `${field}.type`, `"${d.type}" is not the type it is contributed in ("${type}")`, { capability: d.id })
  const input = jsonSchemaOf(d.input, 'input', type, field, d.id, source)
  if (input['type'] !== 'object') throw contributionError(source, `${field}.input`, 'must be an object schema (z.object(...)): its fields become CLI flags and HTTP fields', { capability: d.id })
  jsonSchemaOf(d.output, 'output', type, field, d.id, source)
  if (d.result !== undefined) jsonSchemaOf(d.result, 'result', type, field, d.id, source)
  const targeted = d.routing.mode === 'targeted'
  const properties = (input['properties'] ?? {}) as Record<string, unknown>
  if (targeted && !('targets' in properties)) throw contributionError(source, `${field}.input`, 'a targeted capability needs a `targets` field (TargetSpec)', { capability: d.id })
}

function jsonSchemaOf(schema: z.ZodType, which: string, type: string, field: string, id: string, source: ContributionSource): Record<string, unknown> {
  try {
    return z.toJSONSchema(schema, { io: which === 'input' ? 'input' : 'output', unrepresentable: 'throw' }) as Record<string, unknown>
  } catch (error) {
    throw contributionError(source, `${field}.${which}`, `JSON Schema cannot describe it (${thrownMessage(error)}); use schemas without transforms, custom checks or functions`, { capability: id, type }, error)
  }
}
