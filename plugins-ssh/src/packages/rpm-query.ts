import type { PackageInfo } from 'capstan'
import { quoteArgv } from '../remote-execution/shell-quote.js'
import type { ManagerName } from './manager-name.js'
import { outputLines } from './output-lines.js'

/** rpm's query format: name, `[epoch:]version-release`, arch, tab-separated, one line per package. */
const RPM_FORMAT = '%{NAME}\\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\t%{ARCH}\\n'

/** `rpm -qa` (or `rpm -q` of `names`) with a tab-separated query format; missing names print a line without tabs, which is skipped. */
export function rpmQueryCommand(names: readonly string[]): string {
  return names.length === 0 ? quoteArgv(['rpm', '-qa', '--qf', RPM_FORMAT]) : quoteArgv(['rpm', '-q', '--qf', RPM_FORMAT, '--', ...names])
}

/** Installed packages in {@link rpmQueryCommand} output, `gpg-pubkey` pseudo-packages left out. */
export function parseRpmQuery(stdout: string, manager: ManagerName): PackageInfo[] {
  const packages: PackageInfo[] = []
  for (const line of outputLines(stdout)) {
    const [name, version, arch] = line.split('\t')
    if (name === undefined || version === undefined || name === '' || name === 'gpg-pubkey') continue
    packages.push({ name, version, ...(arch && arch !== '(none)' ? { arch } : {}), manager, status: 'installed' })
  }
  return packages
}

/** The command printing the package name in the rpm file at `path`. */
export function rpmFileNameCommand(path: string): string {
  return quoteArgv(['rpm', '-qp', '--qf', '%{NAME}\\n', '--', path])
}
