import type { PackageInfo } from 'capstan'
import { quoteArgv } from '../remote-execution/shell-quote.js'
import { firstWord, outputLines } from './output-lines.js'
import type { ManagerCommand, PackageAction, PackageManager } from './package-manager.js'
import type { PackageSpec } from './package-spec.js'

/** Installed packages in `pacman -Q` output (`name version` lines). */
export function parsePacmanQuery(stdout: string): PackageInfo[] {
  const packages: PackageInfo[] = []
  for (const line of outputLines(stdout)) {
    const [name, version] = line.trim().split(/\s+/)
    if (name === undefined || version === undefined) continue
    packages.push({ name, version, manager: 'pacman', status: 'installed' })
  }
  return packages
}

/**
 * Packages in `pacman -Ss` output: `repo/name version [groups] [installed]`
 * lines, each followed by an indented description. `[installed: old]` means
 * an older version is installed.
 */
export function parsePacmanSearch(stdout: string): PackageInfo[] {
  const packages: PackageInfo[] = []
  for (const line of outputLines(stdout)) {
    if (/^\s/.test(line)) continue
    const match = /^([^/\s]+)\/(\S+)\s+(\S+)(.*)$/.exec(line)
    if (match === null) continue
    const [, source = '', name = '', version = '', rest = ''] = match
    const installed = /\[installed(?::\s*([^\]]+))?\]/.exec(rest)
    const base = { name, source, manager: 'pacman' }
    if (installed === null) packages.push({ ...base, version, status: 'available' })
    else if (installed[1] === undefined) packages.push({ ...base, version, status: 'installed' })
    else packages.push({ ...base, version: installed[1].trim(), status: 'upgradable', availableVersion: version })
  }
  return packages
}

/** Escapes `text` for pacman, which reads search terms as regular expressions. */
function literalRegExp(text: string): string {
  return text.replace(/[.[\]\\()*+?{}|^$]/g, '\\$&')
}

/**
 * The pacman command line for `action`. pacman cannot install a given
 * version (the spec parser refuses `name=version`); package files go through
 * `pacman -U`, names through `pacman -S`.
 */
export function pacmanChangeCommand(action: PackageAction, specs: readonly PackageSpec[]): ManagerCommand {
  const names = specs.flatMap((spec) => (spec.kind === 'name' ? [spec.name] : []))
  const files = specs.flatMap((spec) => (spec.kind === 'file' ? [spec.path] : []))
  if (action === 'uninstall') return { command: quoteArgv(['pacman', '-R', '--noconfirm', ...names]) }
  if (action === 'update' && specs.length === 0) return { command: quoteArgv(['pacman', '-Syu', '--noconfirm']) }
  const parts: string[] = []
  if (names.length > 0) parts.push(quoteArgv(['pacman', '-S', '--noconfirm', ...(action === 'install' ? ['--needed'] : []), ...names]))
  if (files.length > 0) parts.push(quoteArgv(['pacman', '-U', '--noconfirm', ...files]))
  return { command: parts.join(' && ') }
}

/** pacman (Arch Linux). */
export const pacman: PackageManager = {
  manager: 'pacman',
  program: 'pacman',
  fileSuffixes: ['.pkg.tar.zst', '.pkg.tar.xz', '.pkg.tar.gz', '.pkg.tar'],
  versionPinning: false,
  listCommand: () => quoteArgv(['pacman', '-Q']),
  parseList: parsePacmanQuery,
  installedCommand: (names) => quoteArgv(['pacman', '-Q', '--', ...names]),
  searchCommand: (query) => quoteArgv(['pacman', '-Ss', '--', literalRegExp(query)]),
  parseSearch: parsePacmanSearch,
  // Nothing found.
  searchEmptyExitCodes: [1],
  fileNameCommand: (path) => quoteArgv(['pacman', '-Qp', '--', path]),
  parseFileName: firstWord,
  changeCommand: pacmanChangeCommand,
}
