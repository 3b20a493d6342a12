import type { PackageInfo } from 'capstan'
import { quoteArgv } from '../remote-execution/shell-quote.js'
import { outputLines } from './output-lines.js'
import type { PackageAction, PackageManager } from './package-manager.js'
import type { PackageSpec } from './package-spec.js'

/** `name-version-rN arch {origin} (license) [flags]`; Alpine versions hold no `-` but the one before `rN`. */
const APK_LINE = /^(\S+)-([^-\s]+-r\d+)\s+(\S+)\s+\{([^}]*)\}\s+\(([^)]*)\)(?:\s+\[([^\]]*)\])?\s*$/

/**
 * Packages in `apk list` output. `[installed]` marks an installed package;
 * `[upgradable from: name-old]` an installed one with this newer version
 * available; no flag, one only available. With `onlyInstalled`, only the
 * installed ones are kept (their installed version).
 */
export function parseApkList(stdout: string, onlyInstalled = false): PackageInfo[] {
  const byName = new Map<string, PackageInfo>()
  for (const line of outputLines(stdout)) {
    const match = APK_LINE.exec(line.trim())
    if (match === null) continue
    const [, name = '', version = '', arch = '', , , flags = ''] = match
    const base = { name, ...(arch ? { arch } : {}), manager: 'apk' }
    let info: PackageInfo
    const from = /^upgradable from: (.+)$/.exec(flags)?.[1]
    if (flags === 'installed') info = { ...base, version, status: 'installed' }
    else if (from !== undefined) {
      const old = from.startsWith(`${name}-`) ? from.slice(name.length + 1) : from
      info = onlyInstalled ? { ...base, version: old, status: 'installed' } : { ...base, version: old, status: 'upgradable', availableVersion: version }
    } else if (onlyInstalled) continue
    else info = { ...base, version, status: 'available' }
    const known = byName.get(name)
    if (known === undefined || rank(info) > rank(known)) byName.set(name, info)
  }
  return [...byName.values()]
}

function rank(info: PackageInfo): number {
  return info.status === 'upgradable' ? 2 : info.status === 'installed' ? 1 : 0
}

/** The `pkgname = ...` line of a package file's `.PKGINFO`. */
export function parsePkgInfoName(stdout: string): string | undefined {
  for (const line of outputLines(stdout)) {
    const match = /^pkgname\s*=\s*(\S+)\s*$/.exec(line)
    if (match !== null) return match[1]
  }
  return undefined
}

function apkSpec(spec: PackageSpec): string {
  if (spec.kind === 'file') return spec.path
  return spec.version === undefined ? spec.name : `${spec.name}=${spec.version}`
}

const VERBS: Record<PackageAction, string> = { install: 'add', uninstall: 'del', update: 'upgrade' }

/**
 * apk (Alpine). apk never asks unless told to (`-i`). A local package file
 * must be signed by a trusted key: `--allow-untrusted` is not added.
 */
export const apk: PackageManager = {
  manager: 'apk',
  program: 'apk',
  fileSuffixes: ['.apk'],
  versionPinning: true,
  listCommand: () => quoteArgv(['apk', 'list', '--installed']),
  parseList: (stdout) => parseApkList(stdout, true),
  installedCommand: (names) => quoteArgv(['apk', 'list', '--installed', '--', ...names]),
  searchCommand: (query) => quoteArgv(['apk', 'list', '--', `*${query}*`]),
  parseSearch: (stdout) => parseApkList(stdout),
  searchEmptyExitCodes: [],
  fileNameCommand: (path) => quoteArgv(['tar', '-xzOf', path, '.PKGINFO']),
  parseFileName: parsePkgInfoName,
  changeCommand: (action, specs) => ({
    command: quoteArgv(['apk', VERBS[action], '--no-progress', ...(action === 'update' && specs.length === 0 ? ['--update-cache'] : []), ...specs.map(apkSpec)]),
  }),
}
