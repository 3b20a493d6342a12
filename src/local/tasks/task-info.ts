import type { TaskInfo, TaskParameter } from '../../capabilities/models/task.js'
import { CapstanError, isCapstanError } from '../../errors/capstan-error.js'
import { acceptsUndef } from './accepts-undef.js'
import { parsePuppetType } from './parse-puppet-type.js'
import type { TaskMetadata } from './task-metadata.js'

/**
 * A task as `task.list` describes it. A parameter is required when its type
 * does not accept undef and it has no default — the rule
 * {@link validateTaskParams} applies; a parameter without a type is `Any`.
 *
 * @throws CapstanError CONFIG_ERROR for a declared type that does not parse.
 */
export function taskInfo(name: string, metadata: TaskMetadata): TaskInfo {
  const parameters: Record<string, TaskParameter> = {}
  for (const [param, spec] of Object.entries(metadata.parameters ?? {})) {
    const type = spec.type ?? 'Any'
    parameters[param] = {
      type,
      ...(spec.description === undefined ? {} : { description: spec.description }),
      ...(spec.default === undefined ? {} : { default: spec.default }),
      required: spec.default === undefined && !acceptsUndef(parseFor(name, param, type)),
    }
  }
  return { name, ...(metadata.description === undefined ? {} : { description: metadata.description }), parameters }
}

function parseFor(task: string, parameter: string, type: string) {
  try {
    return parsePuppetType(type)
  } catch (error) {
    if (!isCapstanError(error)) throw error
    throw new CapstanError('CONFIG_ERROR', { message: `Task ${task} parameter ${parameter}: ${error.message}`, details: { ...error.details, task, parameter }, cause: error })
  }
}
