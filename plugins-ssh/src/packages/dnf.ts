import { quoteArgv } from '../exec/shell-quote.js'
import { parseDnfList } from './dnf-list.js'
import { firstWord } from './output-lines.js'
import { yesChangeCommand } from './rpm-family.js'
import { parseRpmQuery, rpmFileNameCommand, rpmQueryCommand } from './rpm-query.js'
import type { PackageManager } from './package-manager.js'

/** dnf (Fedora, RHEL 8+, dnf4 and dnf5): rpm for what is installed, `dnf list --all` to search by name. */
export const dnf: PackageManager = {
  manager: 'dnf',
  program: 'dnf',
  fileSuffixes: ['.rpm'],
  versionPinning: true,
  listCommand: () => rpmQueryCommand([]),
  parseList: (stdout) => parseRpmQuery(stdout, 'dnf'),
  installedCommand: rpmQueryCommand,
  searchCommand: (query) => quoteArgv(['dnf', '-q', 'list', '--all', `*${query}*`]),
  parseSearch: (stdout) => parseDnfList(stdout, 'dnf'),
  // "Error: No matching Packages to list"
  searchEmptyExitCodes: [1],
  fileNameCommand: rpmFileNameCommand,
  parseFileName: firstWord,
  changeCommand: (action, specs) => yesChangeCommand('dnf', { install: 'install', uninstall: 'remove', update: 'upgrade' }, action, specs),
}
