import type { PackageInfo } from 'capstan'

/**
 * The installed version of `name` among `installed`, or null. `name` may be
 * qualified by architecture as the tools allow (`libc6:amd64` for apt,
 * `bash.x86_64` for rpm); the first installed match wins.
 */
export function installedVersion(installed: readonly PackageInfo[], name: string): string | null {
  for (const info of installed) {
    if (info.status !== undefined && info.status !== 'installed' && info.status !== 'upgradable') continue
    if (info.name === name || (info.arch !== undefined && (`${info.name}:${info.arch}` === name || `${info.name}.${info.arch}` === name))) return info.version
  }
  return null
}

/** One package's version before and after a change; null when it was not installed. */
export interface PackageChange {
  /** Package name, as named by the caller or read from its package file. */
  name: string
  /** Installed version before the change, or null. */
  before: string | null
  /** Installed version after the change, or null. */
  after: string | null
}

/**
 * Every package whose installed version differs between `before` and
 * `after` (installed, removed, upgraded or downgraded), sorted by name. For
 * a package installed for several architectures, the first one counts.
 */
export function changedPackages(before: readonly PackageInfo[], after: readonly PackageInfo[]): PackageChange[] {
  const names = new Set([...before, ...after].map((info) => info.name))
  return [...names]
    .sort()
    .map((name) => ({ name, before: installedVersion(before, name), after: installedVersion(after, name) }))
    .filter((change) => change.before !== change.after)
}
