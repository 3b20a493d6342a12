import type { PackageInfo } from 'capstan'
import { quoteArgv } from '../remote-execution/shell-quote.js'
import { firstWord, outputLines } from './output-lines.js'
import type { PackageAction, PackageManager } from './package-manager.js'
import type { PackageSpec } from './package-spec.js'
import { parseRpmQuery, rpmFileNameCommand, rpmQueryCommand } from './rpm-query.js'

/**
 * Packages in `zypper search --details` output: the table rows
 * `S | Name | Type | Version | Arch | Repository`, status `i`/`i+` meaning
 * installed (`v`: another version is installed, empty: not installed). A name
 * with an installed row is reported once, installed.
 */
export function parseZypperSearch(stdout: string): PackageInfo[] {
  const byName = new Map<string, PackageInfo>()
  for (const line of outputLines(stdout)) {
    const cells = line.split('|').map((cell) => cell.trim())
    if (cells.length < 6) continue
    const [status = '', name = '', type = '', version = '', arch = '', ...repo] = cells
    if (name === '' || name === 'Name' || type !== 'package') continue
    const source = repo.join('|').trim()
    const installed = status.startsWith('i')
    const key = `${name}\0${arch}`
    const known = byName.get(key)
    if (known !== undefined && (known.status === 'installed' || !installed)) continue
    byName.set(key, { name, version, ...(arch ? { arch } : {}), ...(source ? { source } : {}), manager: 'zypper', status: installed ? 'installed' : 'available' })
  }
  return [...byName.values()]
}

function zypperSpec(spec: PackageSpec): string {
  if (spec.kind === 'file') return spec.path
  return spec.version === undefined ? spec.name : `${spec.name}=${spec.version}`
}

const VERBS: Record<PackageAction, string[]> = {
  install: ['install', '--auto-agree-with-licenses'],
  uninstall: ['remove'],
  update: ['update', '--auto-agree-with-licenses'],
}

/** zypper (SUSE): rpm for what is installed, `zypper search --details` to search. */
export const zypper: PackageManager = {
  manager: 'zypper',
  program: 'zypper',
  fileSuffixes: ['.rpm'],
  versionPinning: true,
  listCommand: () => rpmQueryCommand([]),
  parseList: (stdout) => parseRpmQuery(stdout, 'zypper'),
  installedCommand: rpmQueryCommand,
  searchCommand: (query) => quoteArgv(['zypper', '--non-interactive', '--quiet', '--no-refresh', 'search', '--details', '--type', 'package', '--', query]),
  parseSearch: parseZypperSearch,
  // ZYPPER_EXIT_INF_CAP_NOT_FOUND: "No matching items found."
  searchEmptyExitCodes: [104],
  fileNameCommand: rpmFileNameCommand,
  parseFileName: firstWord,
  changeCommand: (action, specs) => ({ command: quoteArgv(['zypper', '--non-interactive', ...VERBS[action], ...specs.map(zypperSpec)]) }),
}
