import type { TaskInfo, TaskParameter } from 'capstan'
import { puppetTypeAcceptsUndef } from 'capstan/plugin-kit'
import { parseBoltOutput } from '../bolt-cli/parse-bolt-output.js'
import { BoltTaskShow, type BoltTaskParameter } from './bolt-task-show-schema.js'

/** The command whose output {@link mapTaskShow} reads, as named in errors. */
export function taskShowCommand(task: string): string {
  return `bolt task show ${task} --format json`
}

/**
 * Maps what `bolt task show <task> --format json` prints onto a
 * {@link TaskInfo}: name, description and each parameter with its Puppet type
 * string, description and default as the metadata writes them.
 *
 * A parameter is required when it has no default and its type does not
 * accept undef (not `Optional[...]`, `Any`, `Data`, a Variant with `Undef`,
 * ...), which is when Bolt refuses the run without it. A parameter without a
 * type is `Any` to Bolt, hence optional. The default of a `sensitive`
 * parameter is left out: it may be a secret.
 *
 * `task` names the task in error messages (default: the name in `json`).
 *
 * @throws CapstanError PLUGIN_ERROR naming the command and the field when the
 *   output is not what Bolt 3.x prints, or with Bolt's message when Bolt failed.
 */
export function mapTaskShow(json: unknown, task?: string): TaskInfo {
  const named = task ?? nameIn(json) ?? '<task>'
  const shown = parseBoltOutput(BoltTaskShow, json, taskShowCommand(named))
  const description = shown.metadata?.description ?? undefined
  const parameters: Record<string, TaskParameter> = {}
  for (const [name, parameter] of Object.entries(shown.metadata?.parameters ?? {})) {
    Object.defineProperty(parameters, name, { value: mapParameter(parameter), enumerable: true, writable: true, configurable: true })
  }
  return { name: shown.name, ...(description === undefined || description === '' ? {} : { description }), parameters }
}

function mapParameter(parameter: BoltTaskParameter): TaskParameter {
  const hasDefault = Object.hasOwn(parameter, 'default') && parameter.default !== undefined
  return {
    ...(parameter.type === undefined ? {} : { type: parameter.type }),
    ...(parameter.description === undefined ? {} : { description: parameter.description }),
    ...(hasDefault && parameter.sensitive !== true ? { default: parameter.default } : {}),
    required: !hasDefault && !puppetTypeAcceptsUndef(parameter.type),
  }
}

function nameIn(json: unknown): string | undefined {
  if (json === null || typeof json !== 'object') return undefined
  const name = (json as Record<string, unknown>)['name']
  return typeof name === 'string' ? name : undefined
}
