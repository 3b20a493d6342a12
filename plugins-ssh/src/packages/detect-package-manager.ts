import type { Client } from 'ssh2'
import { quoteWord } from '../remote-execution/shell-quote.js'
import { managerNames, type ManagerName } from './manager-name.js'
import { outputLines } from './output-lines.js'
import { packageManagers } from './package-managers.js'
import { runQuery } from './run-query.js'

/** Where detection runs. */
export interface DetectOptions {
  /** The node's id, for messages. */
  node: string
  /** Aborting stops the detection. */
  signal?: AbortSignal | undefined
}

/** One shell line printing the manager programs found on the PATH, one a line. */
export function detectCommand(): string {
  const programs = managerNames.map((name) => quoteWord(packageManagers[name].program)).join(' ')
  return `for p in ${programs}; do command -v "$p" >/dev/null 2>&1 && echo "$p"; done; true`
}

/**
 * The manager to use given the programs found, by preference: apt-get (a
 * Debian node with rpm or dnf installed on the side still uses apt), dnf
 * before yum (yum is often a link to dnf), then zypper, apk, pacman.
 */
export function pickPackageManager(found: readonly string[]): ManagerName | undefined {
  return managerNames.find((name) => found.includes(packageManagers[name].program))
}

/**
 * The package manager of the node `client` is connected to, in one round
 * trip (`command -v` of each program), or undefined when none is known.
 *
 * @throws CapstanError CANCELLED, TIMEOUT or UNAVAILABLE when the command could not run.
 */
export async function detectPackageManager(client: Client, options: DetectOptions): Promise<ManagerName | undefined> {
  const run = await runQuery(client, detectCommand(), options, 'detect the package manager')
  return pickPackageManager(outputLines(run.stdout).map((line) => line.trim()))
}
