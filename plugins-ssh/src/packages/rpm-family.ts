import { quoteArgv } from '../remote-execution/shell-quote.js'
import { parseDnfList } from './dnf-list.js'
import { firstWord } from './output-lines.js'
import type { PackageManager } from './package-manager.js'
import type { PackageSpec } from './package-spec.js'
import { parseRpmQuery, rpmFileNameCommand, rpmQueryCommand } from './rpm-query.js'

/** dnf and yum pin a version as `name-version`; other specs pass as they are. */
export function dashVersionSpec(spec: PackageSpec): string {
  if (spec.kind === 'file') return spec.path
  return spec.version === undefined ? spec.name : `${spec.name}-${spec.version}`
}

/** Where dnf and yum differ: how to list every package, and the update verb. */
export interface YumFamilyOptions {
  /** Arguments that list installed and available packages (`list --all`, `list all`). */
  listAll: readonly string[]
  /** `upgrade` (dnf) or `update` (yum). */
  updateVerb: string
}

/**
 * dnf or yum: rpm for what is installed, `<program> list` by name glob to
 * search, `<program> -y install|remove|<update>` to change.
 */
export function yumFamily(program: 'dnf' | 'yum', options: YumFamilyOptions): PackageManager {
  const verbs = { install: 'install', uninstall: 'remove', update: options.updateVerb } as const
  return {
    manager: program,
    program,
    fileSuffixes: ['.rpm'],
    versionPinning: true,
    listCommand: () => rpmQueryCommand([]),
    parseList: (stdout) => parseRpmQuery(stdout, program),
    installedCommand: rpmQueryCommand,
    searchCommand: (query) => quoteArgv([program, '-q', ...options.listAll, `*${query}*`]),
    parseSearch: (stdout) => parseDnfList(stdout, program),
    // "Error: No matching Packages to list"
    searchEmptyExitCodes: [1],
    fileNameCommand: rpmFileNameCommand,
    parseFileName: firstWord,
    changeCommand: (action, specs) => ({ command: quoteArgv([program, '-y', verbs[action], ...specs.map(dashVersionSpec)]) }),
  }
}
