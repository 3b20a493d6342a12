import { quoteArgv } from '../exec/shell-quote.js'
import { parseDnfList } from './dnf-list.js'
import { firstWord } from './output-lines.js'
import { yesChangeCommand } from './rpm-family.js'
import { parseRpmQuery, rpmFileNameCommand, rpmQueryCommand } from './rpm-query.js'
import type { PackageManager } from './package-manager.js'

/** yum (RHEL/CentOS 7 and older): rpm for what is installed, `yum list all` to search by name. */
export const yum: PackageManager = {
  manager: 'yum',
  program: 'yum',
  fileSuffixes: ['.rpm'],
  versionPinning: true,
  listCommand: () => rpmQueryCommand([]),
  parseList: (stdout) => parseRpmQuery(stdout, 'yum'),
  installedCommand: rpmQueryCommand,
  searchCommand: (query) => quoteArgv(['yum', '-q', 'list', 'all', `*${query}*`]),
  parseSearch: (stdout) => parseDnfList(stdout, 'yum'),
  // "Error: No matching Packages to list"
  searchEmptyExitCodes: [1],
  fileNameCommand: rpmFileNameCommand,
  parseFileName: firstWord,
  changeCommand: (action, specs) => yesChangeCommand('yum', { install: 'install', uninstall: 'remove', update: 'update' }, action, specs),
}
