import type { Client } from 'ssh2'
import { CapstanError, toCapstanError, type NodeEvent, type NodeStatus, type PackageInfo } from 'capstan'
import { runRemote } from '../remote-execution/run-remote.js'
import type { SudoOptions } from '../remote-execution/sudo.js'
import type { ManagerName } from './manager-name.js'
import type { PackageAction, PackageManager } from './package-manager.js'
import { packageManagers } from './package-managers.js'
import { parsePackageSpecs, type PackageSpec } from './package-spec.js'
import { changedPackages, installedVersion, type PackageChange } from './package-versions.js'
import { runQuery, type QueryTarget } from './run-query.js'

/** What {@link runPackageChange} needs. */
export interface PackageChangeOptions {
  /** The node's id, as the batch named it; every event carries it. */
  node: string
  /** The node's package manager (see detectPackageManager). */
  manager: ManagerName
  /** What to do. */
  action: PackageAction
  /**
   * Each `name`, `name=version` or the absolute path of a package file on the
   * node (see parsePackageSpecs). Required to install or uninstall; an update
   * without packages updates everything.
   */
  packages?: readonly string[] | undefined
  /** Run the package manager through sudo (queries run as the login user); as the login user when absent. */
  sudo?: SudoOptions | undefined
  /** Aborting stops the change (its process group is killed); the node ends `cancelled`. */
  signal?: AbortSignal | undefined
  /** Time limit for the whole change on this node, queries included; the node ends `timeout`. */
  timeoutMs?: number | undefined
  /** Between SIGTERM and SIGKILL when the change is stopped. */
  killGraceMs?: number | undefined
}

/** The `value` of the `node:finished` event of {@link runPackageChange}. */
export interface PackageChangeValue {
  /** The manager that made the change. */
  manager: ManagerName
  /**
   * Named packages (or read from their files): one entry each, changed or
   * not. An update of everything: every package whose version changed.
   */
  changes: PackageChange[]
}

/** Time granted to read versions after a change that was stopped or ran out of time. */
const AFTER_QUERY_GRACE_MS = 30_000

/**
 * Installs, uninstalls or updates packages on one node and streams it as
 * {@link NodeEvent}s: `node:started`, the package manager's output as
 * `node:output`, then one `node:finished` whose status follows the tool's
 * exit code and whose `value` is a {@link PackageChangeValue}.
 *
 * Before the change, the names in package files are read (`dpkg-deb -f`,
 * `rpm -qp`, ...) and the installed versions of all named packages queried;
 * the change runs non-interactively (through sudo when `sudo` is given);
 * then the versions are queried again, even after a stop, so the caller
 * learns what did change. An update of everything compares the whole
 * installed list before and after.
 *
 * @throws CapstanError VALIDATION_ERROR at the first iteration for a bad
 *   package spec, or no packages to install or uninstall.
 */
export async function* runPackageChange(client: Client, options: PackageChangeOptions): AsyncGenerator<NodeEvent, void, undefined> {
  const { node, action } = options
  const manager = packageManagers[options.manager]
  const specs = parsePackageSpecs(options.packages ?? [], manager)
  if (specs.length === 0 && action !== 'update') {
    throw new CapstanError('VALIDATION_ERROR', { message: `packages: name at least one package to ${action}`, details: { field: 'packages' } })
  }
  const deadline = options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs
  const target = (): QueryTarget => ({ node, ...(options.signal ? { signal: options.signal } : {}), ...(deadline === undefined ? {} : { timeoutMs: Math.max(1, deadline - Date.now()) }) })

  yield { type: 'node:started', node }

  let names: string[]
  let changeSpecs: PackageSpec[]
  let before: PackageInfo[]
  try {
    const resolved = await resolveFileNames(client, manager, specs, target)
    names = resolved.names
    changeSpecs = action === 'uninstall' ? resolved.names.map((name, i) => (specs[i]?.kind === 'name' ? (specs[i] as PackageSpec) : { kind: 'name', name })) : specs
    before = await queryInstalled(client, manager, names, target())
  } catch (error) {
    yield failedBeforeChange(node, error, options.manager)
    return
  }

  const command = manager.changeCommand(action, changeSpecs)
  let finished: Extract<NodeEvent, { type: 'node:finished' }> | undefined
  const remaining = target()
  for await (const event of runRemote(client, { command: command.command, ...(command.env ? { env: command.env } : {}) }, {
    ...remaining,
    ...(options.sudo === undefined ? {} : { sudo: options.sudo }),
    ...(options.killGraceMs === undefined ? {} : { killGraceMs: options.killGraceMs }),
  })) {
    if (event.type === 'node:output') yield event
    else if (event.type === 'node:finished') finished = event
  }
  const outcome = finished ?? { type: 'node:finished' as const, node, status: 'error' as NodeStatus, exitCode: null, error: { code: 'PLUGIN_ERROR', message: `The package change on ${node} ended without a result` } }

  // After a stop the caller's signal is already aborted: read the versions on a grace period of their own.
  const stopped = outcome.status === 'cancelled' || outcome.status === 'timeout'
  const afterTarget: QueryTarget = stopped ? { node, timeoutMs: AFTER_QUERY_GRACE_MS } : target()
  let after: PackageInfo[]
  try {
    after = await queryInstalled(client, manager, names, afterTarget)
  } catch (error) {
    const failure = toCapstanError(error, { node })
    const value: PackageChangeValue = { manager: options.manager, changes: [] }
    yield {
      ...outcome,
      value,
      ...(outcome.status === 'success'
        ? { status: 'error' as NodeStatus, error: { code: failure.code, message: `The packages changed on ${node}, but their versions could not be read afterwards: ${failure.message}` } }
        : {}),
    }
    return
  }

  const changes =
    names.length === 0 ? changedPackages(before, after) : names.map((name) => ({ name, before: installedVersion(before, name), after: installedVersion(after, name) }))
  const value: PackageChangeValue = { manager: options.manager, changes }
  yield { ...outcome, value }
}

/** The installed packages among `names`, or all of them when `names` is empty. */
async function queryInstalled(client: Client, manager: PackageManager, names: readonly string[], target: QueryTarget): Promise<PackageInfo[]> {
  if (names.length === 0) return manager.parseList((await runQuery(client, manager.listCommand(), target, 'list the installed packages')).stdout)
  // dpkg-query, rpm -q and pacman -Q exit non-zero when a name is not installed; 126/127 mean the tool is missing.
  const run = await runQuery(client, manager.installedCommand(names), target, 'read the installed versions', Array.from({ length: 125 }, (_, i) => i + 1))
  return manager.parseList(run.stdout)
}

/** The package name of each spec, read from the file for a file spec (one query per file). */
async function resolveFileNames(client: Client, manager: PackageManager, specs: readonly PackageSpec[], target: () => QueryTarget): Promise<{ names: string[] }> {
  const names: string[] = []
  for (const spec of specs) {
    if (spec.kind === 'name') {
      names.push(spec.name)
      continue
    }
    const run = await runQuery(client, manager.fileNameCommand(spec.path), target(), `read the package name in ${spec.path}`)
    const name = manager.parseFileName(run.stdout)
    if (name === undefined) throw new CapstanError('PLUGIN_ERROR', { message: `Cannot read the package name in ${spec.path} on ${target().node}`, details: { node: target().node, path: spec.path } })
    names.push(name)
  }
  return { names }
}

/** The `node:finished` of a change that never ran because a query before it failed. */
function failedBeforeChange(node: string, error: unknown, manager: ManagerName): NodeEvent {
  const failure = toCapstanError(error, { node })
  const status: NodeStatus = failure.code === 'CANCELLED' ? 'cancelled' : failure.code === 'TIMEOUT' ? 'timeout' : 'error'
  const value: PackageChangeValue = { manager, changes: [] }
  return { type: 'node:finished', node, status, exitCode: null, value, error: { code: failure.code, message: failure.message } }
}
