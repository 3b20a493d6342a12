import type { Client } from 'ssh2'
import type { PackageInfo } from 'capstan'
import type { ManagerName } from './manager-name.js'
import { packageFilter } from './package-filter.js'
import { packageManagers } from './package-managers.js'
import { runQuery } from './run-query.js'

/** What {@link listPackages} needs. */
export interface ListPackagesOptions {
  /** The node's id, for messages. */
  node: string
  /** The node's package manager (see detectPackageManager). */
  manager: ManagerName
  /** Only names containing this text, or matching this glob (`*`, `?`, `[...]`); case is ignored. */
  filter?: string | undefined
  /** Aborting stops the query. */
  signal?: AbortSignal | undefined
  /** The query's own time limit. */
  timeoutMs?: number | undefined
}

/**
 * The packages installed on the node, sorted by name, filtered locally
 * after parsing (the filter never reaches the command line).
 *
 * @throws CapstanError CANCELLED, TIMEOUT, UNAVAILABLE, or PLUGIN_ERROR when the tool failed.
 */
export async function listPackages(client: Client, options: ListPackagesOptions): Promise<PackageInfo[]> {
  const manager = packageManagers[options.manager]
  const run = await runQuery(client, manager.listCommand(), options, 'list the installed packages')
  const keep = options.filter === undefined ? () => true : packageFilter(options.filter)
  return manager
    .parseList(run.stdout)
    .filter((info) => keep(info.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}
