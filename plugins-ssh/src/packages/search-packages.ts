import type { Client } from 'ssh2'
import { CapstanError, type PackageInfo } from 'capstan'
import type { ManagerName } from './manager-name.js'
import { packageManagers } from './package-managers.js'
import { runQuery } from './run-query.js'

/** What {@link searchPackages} needs. */
export interface SearchPackagesOptions {
  /** The node's id, for messages. */
  node: string
  /** The node's package manager (see detectPackageManager). */
  manager: ManagerName
  /** Text to look for (apt, zypper and pacman search names and descriptions; dnf, yum and apk names only). */
  query: string
  /** At most this many packages are returned. */
  limit: number
  /** Aborting stops the search. */
  signal?: AbortSignal | undefined
  /** The search's own time limit. */
  timeoutMs?: number | undefined
}

/**
 * Packages in the node's repositories matching `query`, as of the node's
 * current package lists (never refreshed here): `available`, `installed`
 * or `upgradable`. A name equal to the query comes first.
 *
 * @throws CapstanError VALIDATION_ERROR for an empty query; CANCELLED,
 *   TIMEOUT, UNAVAILABLE, or PLUGIN_ERROR when the tool failed.
 */
export async function searchPackages(client: Client, options: SearchPackagesOptions): Promise<PackageInfo[]> {
  if (options.query.length === 0) throw new CapstanError('VALIDATION_ERROR', { message: 'query: cannot be empty', details: { field: 'query' } })
  const manager = packageManagers[options.manager]
  const run = await runQuery(client, manager.searchCommand(options.query), options, 'search packages', manager.searchEmptyExitCodes)
  if (run.status !== 'success') return []
  const found = manager.parseSearch(run.stdout)
  const exact = found.filter((info) => info.name === options.query)
  return [...exact, ...found.filter((info) => info.name !== options.query)].slice(0, Math.max(0, options.limit))
}
