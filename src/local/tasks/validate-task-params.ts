import { CapstanError, isCapstanError } from '../../errors/capstan-error.js'
import { echo, formatPath, issuesError, type FieldIssue } from '../../errors/validation-error.js'
import { acceptsUndef } from './accepts-undef.js'
import { checkPuppetType } from './check-puppet-type.js'
import { parsePuppetType } from './parse-puppet-type.js'
import type { TaskMetadata } from './task-metadata.js'
import { unknownTypeNames } from './unknown-type-names.js'

/** Parameters ready to hand to a task, and what could not be checked. */
export interface ValidatedTaskParams {
  /** The caller's parameters with metadata defaults filled in. */
  params: Record<string, unknown>
  /** One line per parameter whose type Capstan could not resolve and so did not check. */
  notes: string[]
}

/**
 * Checks a caller's parameters against a task's metadata, as Bolt does
 * before anything runs: every required parameter (type not accepting undef,
 * no default) present, no parameter the metadata does not declare, every
 * value of its declared type. Defaults are applied. Metadata that declares
 * no `parameters` at all accepts anything, as in Bolt. `_noop` is allowed
 * only when the task `supports_noop`.
 *
 * @throws CapstanError VALIDATION_ERROR listing every bad parameter in
 *   `details.issues` as `{ path: 'params.<name>', message }`.
 * @throws CapstanError CONFIG_ERROR when the metadata declares a type that
 *   does not parse.
 */
export function validateTaskParams(metadata: TaskMetadata, params: Record<string, unknown>, task = 'task'): ValidatedTaskParams {
  const issues: FieldIssue[] = []
  const notes: string[] = []
  const out: Record<string, unknown> = {}
  const declared = metadata.parameters
  for (const [name, value] of Object.entries(params)) {
    if (name === '_noop') {
      if (metadata.supports_noop !== true) issues.push({ path: 'params._noop', message: `task ${task} does not support noop` })
      else if (typeof value !== 'boolean') issues.push({ path: 'params._noop', message: `expects Boolean, got ${describe(value, true)}` })
      else out[name] = value
    } else if (declared !== undefined && !Object.hasOwn(declared, name)) {
      const known = Object.keys(declared)
      issues.push({ path: formatPath(['params', name]), message: `unknown parameter; task ${task} accepts ${known.length === 0 ? 'no parameters' : listed(known)}` })
    } else {
      out[name] = value
    }
  }
  for (const [name, spec] of Object.entries(declared ?? {})) {
    const typeText = spec.type ?? 'Any'
    const type = parseDeclaredType(typeText, task, name)
    for (const unknown of unknownTypeNames(type)) notes.push(`task ${task} parameter ${name}: type ${unknown} is not known to Capstan, so its values are not checked`)
    const value = params[name]
    if (value === undefined) {
      if (spec.default !== undefined) out[name] = spec.default
      else if (!acceptsUndef(type)) issues.push({ path: `params.${name}`, message: `required parameter is missing (expects ${typeText})` })
    } else if (!checkPuppetType(type, value)) {
      issues.push({ path: `params.${name}`, message: `expects ${typeText}, got ${describe(value, spec.sensitive !== true)}` })
    }
  }
  if (issues.length > 0) throw issuesError('VALIDATION_ERROR', `Invalid parameters for task ${echo(task)}`, issues, { task })
  return { params: out, notes }
}

/** Names for a message: the first 10, then how many more. */
function listed(names: readonly string[]): string {
  return names.length <= 10 ? names.join(', ') : `${names.slice(0, 10).join(', ')} and ${names.length - 10} more`
}

function parseDeclaredType(text: string, task: string, parameter: string) {
  try {
    return parsePuppetType(text)
  } catch (error) {
    if (!isCapstanError(error)) throw error
    throw new CapstanError('CONFIG_ERROR', { message: `Task ${task} parameter ${parameter}: ${error.message}`, details: { ...error.details, task, parameter }, cause: error })
  }
}

/** A value's Puppet type name, with the value itself only when it is short and not sensitive. */
function describe(value: unknown, reveal: boolean): string {
  const kind =
    value === null ? 'Undef'
    : typeof value === 'string' ? 'String'
    : typeof value === 'boolean' ? 'Boolean'
    : typeof value === 'number' ? (Number.isInteger(value) ? 'Integer' : 'Float')
    : Array.isArray(value) ? 'Array'
    : typeof value === 'object' ? 'Hash'
    : typeof value
  if (!reveal || value === null || typeof value === 'object') return kind
  const shown = JSON.stringify(value)
  return shown.length <= 40 ? `${kind} ${shown}` : kind
}
