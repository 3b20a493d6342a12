import { CapstanError, type FieldIssue } from 'capstan'
import { formatPath, thrownMessage } from 'capstan/plugin-kit'

// Pure builders of the arguments of each bolt call the plugin makes (without the
// executable). Every value is its own argv entry: nothing is ever joined into a
// shell string, so quotes, spaces and `$(...)` in a command, script argument or
// parameter reach Bolt as data. Each call gets only the options Bolt accepts for
// that subcommand: Bolt rejects the others ("Unknown argument").

/** Where the Bolt project is; every call that reads the project takes it. */
export interface BoltProjectArgs {
  /** The project directory (`--project`). */
  projectDir: string
  /** An inventory file other than the project's (`--inventoryfile`). Bolt refuses it when BOLT_INVENTORY is set. */
  inventoryFile?: string
}

/** What every `bolt command|script|task run` takes. */
export interface BoltRunArgs extends BoltProjectArgs {
  /** Bolt's names of the targets (inventory names or URIs), sent as one comma-separated `--targets`. */
  targets: readonly string[]
  /** Bolt's `--concurrency` inside this one process. */
  concurrency?: number
  /** Connection timeout, sent as Bolt's `--connect-timeout` in whole seconds (rounded up). */
  connectTimeoutMs?: number
  /** User to run as on the targets (`--run-as`, through sudo or the transport's equivalent). */
  runAs?: string
}

/**
 * Environment variables for the process on each target, sent as
 * `--env-var K=V`. Their values are therefore part of Bolt's command line,
 * which every user of the machine can read in the process list (`ps`):
 * do not pass secrets this way; put them in the project's inventory or
 * config (Bolt's secret plugins) instead.
 */
export type TargetEnv = Readonly<Record<string, string>>

/** Arguments of {@link commandArgv}. */
export interface CommandArgs extends BoltRunArgs {
  /** The command line, run by the target's shell; one argv entry. */
  command: string
  /** See {@link TargetEnv}: visible in the process list. */
  env?: TargetEnv
}

/** Arguments of {@link scriptArgv}. */
export interface ScriptArgs extends BoltRunArgs {
  /** Path of the script on this machine (relative paths from Bolt's working directory). */
  script: string
  /** Arguments of the script, each its own argv entry, passed by Bolt without shell interpolation. */
  args?: readonly string[]
  /** See {@link TargetEnv}: visible in the process list. */
  env?: TargetEnv
}

/** Arguments of {@link taskArgv}. Bolt has no `--env-var` for tasks: environment goes through parameters. */
export interface TaskArgs extends BoltRunArgs {
  /** Task name, e.g. `facts` or `package::install`. */
  task: string
  /** Task parameters, sent as one `--params` JSON object so their types survive. Visible in the process list. */
  params?: Readonly<Record<string, unknown>>
}

/** Arguments of {@link inventoryShowArgv}. */
export interface InventoryShowArgs extends BoltProjectArgs {
  /** Only these targets or groups; every target when absent. */
  targets?: readonly string[]
  /** With `--detail`: uri, config, vars, facts and groups of each target, not only names. */
  detail: boolean
}

/**
 * `bolt command run <command> --targets a,b [--env-var K=V]... --stream --format json --project <dir> ...`.
 *
 * @throws CapstanError VALIDATION_ERROR (`details.issues`) for a target name or
 *   environment variable name Bolt's command line cannot carry.
 */
export function commandArgv(args: CommandArgs): string[] {
  return runArgv(['command', 'run'], [args.command], args, envArgv(args.env))
}

/**
 * `bolt script run <script> [args...] --targets a,b [--env-var K=V]... --stream --format json --project <dir> ...`.
 *
 * @throws CapstanError VALIDATION_ERROR as {@link commandArgv}.
 */
export function scriptArgv(args: ScriptArgs): string[] {
  return runArgv(['script', 'run'], [args.script, ...(args.args ?? [])], args, envArgv(args.env))
}

/**
 * `bolt task run <task> --targets a,b [--params <JSON>] --stream --format json --project <dir> ...`.
 * Parameters always go as JSON, never `name=value`, which Bolt would parse as
 * strings (or as JSON when they look like it); `--params` is left out when
 * there are none. `--stream` is harmless for tasks, whose output Bolt does not stream.
 *
 * @throws CapstanError VALIDATION_ERROR as {@link commandArgv}, and for
 *   parameters that cannot be written as JSON.
 */
export function taskArgv(args: TaskArgs): string[] {
  const params = args.params ?? {}
  return runArgv(['task', 'run'], [args.task], args, Object.keys(params).length === 0 ? [] : ['--params', paramsJson(params)])
}

/**
 * `bolt task show [name] --format json --project <dir>`: every task with its
 * description, or one task with its parameters. (Bolt takes no inventory here.)
 */
export function taskShowArgv(project: Pick<BoltProjectArgs, 'projectDir'>, name?: string): string[] {
  return ['task', 'show', ...positionals(name === undefined ? [] : [name], ['--format', 'json', '--project', project.projectDir])]
}

/** `bolt inventory show [--targets a,b] --format json [--detail] --project <dir> [--inventoryfile <file>]`. */
export function inventoryShowArgv(args: InventoryShowArgs): string[] {
  const targets = args.targets === undefined ? [] : ['--targets', targetList(args.targets)]
  return ['inventory', 'show', ...targets, '--format', 'json', ...(args.detail ? ['--detail'] : []), ...projectArgv(args)]
}

/** `bolt group show --format json --project <dir> [--inventoryfile <file>]`. */
export function groupShowArgv(args: BoltProjectArgs): string[] {
  return ['group', 'show', '--format', 'json', ...projectArgv(args)]
}

/** `bolt --version`: prints the version (e.g. `3.30.0`) as plain text. */
export function versionArgv(): string[] {
  return ['--version']
}

function runArgv(action: [string, string], values: string[], args: BoltRunArgs, extra: string[]): string[] {
  const options = [
    '--targets',
    targetList(args.targets),
    ...extra,
    '--stream',
    '--format',
    'json',
    ...projectArgv(args),
    ...(args.concurrency === undefined ? [] : ['--concurrency', String(args.concurrency)]),
    ...(args.connectTimeoutMs === undefined ? [] : ['--connect-timeout', String(Math.max(1, Math.ceil(args.connectTimeoutMs / 1000)))]),
    ...(args.runAs === undefined ? [] : ['--run-as', args.runAs]),
  ]
  return [...action, ...positionals(values, options)]
}

/**
 * The positional values and the options in an order Bolt reads as meant:
 * values first, as Bolt's own examples have it; but when a value starts with
 * `-` (a script argument `--verbose`) Bolt would take it for an option, so
 * the options come first and `--` ends them (Ruby's OptionParser stops there).
 */
function positionals(values: readonly string[], options: readonly string[]): string[] {
  return values.some((value) => value.startsWith('-')) ? [...options, '--', ...values] : [...values, ...options]
}

function projectArgv(args: BoltProjectArgs): string[] {
  return ['--project', args.projectDir, ...(args.inventoryFile === undefined ? [] : ['--inventoryfile', args.inventoryFile])]
}

/**
 * The one `--targets` value. Bolt splits it on commas and reads a value that
 * starts with `@` as a file to load the list from and `-` as "read stdin",
 * so names that would be taken that way are refused rather than misread.
 */
function targetList(targets: readonly string[]): string {
  const issues: FieldIssue[] = []
  if (targets.length === 0) issues.push({ path: 'targets', message: 'at least one target is needed' })
  targets.forEach((target, index) => {
    const problem =
      target === '' ? 'is empty'
      : target.includes(',') ? 'contains a comma, which separates targets on Bolt\'s command line'
      : target.startsWith('@') || target === '-' ? 'would be read by Bolt as a file or stdin to load targets from'
      : undefined
    if (problem !== undefined) issues.push({ path: formatPath(['targets', index]), message: `${JSON.stringify(target)} ${problem}` })
  })
  if (issues.length > 0) throw invalid(issues)
  return targets.join(',')
}

function envArgv(env: TargetEnv | undefined): string[] {
  if (env === undefined) return []
  const entries = Object.entries(env)
  // Bolt splits each --env-var at its first '=', so the name cannot hold one.
  const issues = entries
    .filter(([name]) => name === '' || name.includes('='))
    .map(([name]) => ({ path: formatPath(['env', name]), message: 'an environment variable name must be non-empty and must not contain "="' }))
  if (issues.length > 0) throw invalid(issues)
  return entries.flatMap(([name, value]) => ['--env-var', `${name}=${value}`])
}

function paramsJson(params: Readonly<Record<string, unknown>>): string {
  try {
    return JSON.stringify(params)
  } catch (error) {
    // BigInt and cycles; the message names the problem, not the values.
    throw invalid([{ path: 'params', message: `cannot be written as JSON: ${thrownMessage(error)}` }])
  }
}

function invalid(issues: FieldIssue[]): CapstanError {
  return new CapstanError('VALIDATION_ERROR', {
    message: `Invalid input for Bolt: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
    details: { field: issues[0]?.path, issues },
  })
}
