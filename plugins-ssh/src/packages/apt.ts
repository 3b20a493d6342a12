import { CapstanError, type PackageInfo } from 'capstan'
import { quoteArgv, quoteWord } from '../remote-execution/shell-quote.js'
import { outputLines, SEARCH_FAILED_MARKER, SECTION_MARKER } from './output-lines.js'
import type { PackageAction, PackageManager, ManagerCommand } from './package-manager.js'
import type { PackageSpec } from './package-spec.js'

/** dpkg-query's format: one tab-separated line per package known to dpkg. */
const DPKG_FORMAT = '${Package}\\t${Version}\\t${Architecture}\\t${db:Status-Abbrev}\\n'

/** dpkg-query -W with {@link DPKG_FORMAT}, for the given names or all packages. */
function dpkgQuery(names: readonly string[]): string {
  return quoteArgv(['dpkg-query', '-W', '-f', DPKG_FORMAT, ...(names.length === 0 ? [] : ['--', ...names])])
}

/**
 * Installed packages in dpkg-query output. Only packages whose status
 * (second letter of `db:Status-Abbrev`) is `i` are installed: `ii`, or `hi`
 * when held; `rc` (removed, config files left) and `un` are not.
 */
export function parseDpkgQuery(stdout: string): PackageInfo[] {
  const packages: PackageInfo[] = []
  for (const line of outputLines(stdout)) {
    const [name, version, arch, status] = line.split('\t')
    if (name === undefined || version === undefined || name === '' || status === undefined) continue
    if (status[1] !== 'i') continue
    packages.push({ name, version, ...(arch ? { arch } : {}), manager: 'apt', status: 'installed' })
  }
  return packages
}

/** Escapes `text` for apt-cache, which reads the query as a POSIX regular expression. */
function literalRegExp(text: string): string {
  return text.replace(/[.[\]\\()*+?{}|^$]/g, '\\$&')
}

/**
 * Packages in the output of the apt search command: the `Package`,
 * `Version` and `Architecture` fields of `apt-cache search --full` records,
 * then (after a marker line) dpkg-query's installed packages, used
 * to mark the found ones `installed` (or `upgradable` when the candidate
 * version differs from the installed one).
 */
export function parseAptSearch(stdout: string): PackageInfo[] {
  const [found = '', installedPart = ''] = stdout.split(`${SECTION_MARKER}\n`)
  const installed = new Map(parseDpkgQuery(installedPart).map((p) => [p.name, p]))
  const records: Array<{ name: string; version: string; arch?: string }> = []
  for (const line of outputLines(found)) {
    if (line === SEARCH_FAILED_MARKER) throw new CapstanError('UNAVAILABLE', { message: 'apt-cache search failed' })
    const match = /^(Package|Version|Architecture):\s*(.*)$/.exec(line)
    if (match === null) continue
    const [, field, value = ''] = match
    if (field === 'Package') records.push({ name: value, version: '' })
    const current = records.at(-1)
    if (current === undefined) continue
    if (field === 'Version') current.version = value
    else if (field === 'Architecture') current.arch = value
  }
  const seen = new Set<string>()
  const packages: PackageInfo[] = []
  for (const record of records) {
    if (seen.has(record.name)) continue
    seen.add(record.name)
    const mine = installed.get(record.name)
    const base = { name: record.name, ...(record.arch ? { arch: record.arch } : {}), manager: 'apt' }
    if (mine === undefined) packages.push({ ...base, version: record.version, status: 'available' })
    else if (mine.version === record.version || record.version === '') packages.push({ ...base, version: mine.version, status: 'installed' })
    else packages.push({ ...base, version: mine.version, status: 'upgradable', availableVersion: record.version })
  }
  return packages
}

/** The first line of `dpkg-deb -f <file> Package`. */
function parseFirstLine(stdout: string): string | undefined {
  return outputLines(stdout)[0]?.trim() || undefined
}

function aptSpec(spec: PackageSpec): string {
  if (spec.kind === 'file') return spec.path
  return spec.version === undefined ? spec.name : `${spec.name}=${spec.version}`
}

/**
 * apt-get's non-interactive options: yes to questions, keep changed
 * configuration files, and wait up to 5 minutes for the dpkg lock (held by
 * unattended-upgrades, say) instead of failing at once.
 */
const APT_GET = ['apt-get', '-y', '-q', '-o', 'Dpkg::Options::=--force-confdef', '-o', 'Dpkg::Options::=--force-confold', '-o', 'DPkg::Lock::Timeout=300']

/** The apt-get command line for `action`; an update of everything refreshes the package lists first. */
export function aptChangeCommand(action: PackageAction, specs: readonly PackageSpec[]): ManagerCommand {
  const words = specs.map(aptSpec)
  const env = { DEBIAN_FRONTEND: 'noninteractive', APT_LISTCHANGES_FRONTEND: 'none', NEEDRESTART_MODE: 'a' }
  let command: string
  if (action === 'install') command = quoteArgv([...APT_GET, 'install', ...words])
  else if (action === 'uninstall') command = quoteArgv([...APT_GET, 'remove', ...words])
  else if (words.length > 0) command = quoteArgv([...APT_GET, 'install', '--only-upgrade', ...words])
  else command = `${quoteArgv(['apt-get', '-q', '-o', 'DPkg::Lock::Timeout=300', 'update'])} && ${quoteArgv([...APT_GET, 'upgrade'])}`
  return { command, env }
}

/** apt on Debian and Ubuntu: dpkg-query for what is installed, apt-cache to search, apt-get to change. */
export const apt: PackageManager = {
  manager: 'apt',
  program: 'apt-get',
  fileSuffixes: ['.deb'],
  versionPinning: true,
  listCommand: () => dpkgQuery([]),
  parseList: parseDpkgQuery,
  installedCommand: (names) => dpkgQuery(names),
  searchCommand: (query) =>
    `{ ${quoteArgv(['apt-cache', 'search', '--full', '--', literalRegExp(query)])} || echo ${SEARCH_FAILED_MARKER}; } | ` +
    `awk ${quoteWord(`/^(Package|Version|Architecture):/ || /^${SEARCH_FAILED_MARKER}$/`)} && echo ${SECTION_MARKER} && ${dpkgQuery([])}`,
  parseSearch: parseAptSearch,
  searchEmptyExitCodes: [],
  fileNameCommand: (path) => quoteArgv(['dpkg-deb', '-f', path, 'Package']),
  parseFileName: parseFirstLine,
  changeCommand: aptChangeCommand,
}
