import type { PackageInfo } from 'capstan'
import type { ManagerName } from './manager-name.js'
import type { PackageSpec, SpecRules } from './package-spec.js'

/** A change to the packages of a node. */
export type PackageAction = 'install' | 'uninstall' | 'update'

/** A shell command line and the variables it runs with. */
export interface ManagerCommand {
  /** Shell command line, every word already quoted. */
  command: string
  /** Variables that keep the tool non-interactive. */
  env?: Readonly<Record<string, string>> | undefined
}

/**
 * Everything the plugin needs to know to drive one package manager: how to
 * find it, the command lines it runs (every word quoted), and parsers of
 * their output. Parsers are pure, so they are tested on captured output.
 */
export interface PackageManager extends SpecRules {
  /** Which manager this is. */
  readonly manager: ManagerName
  /** Program whose presence on the PATH means the node uses this manager. */
  readonly program: string
  /** Lists the installed packages; its output is read by {@link PackageManager.parseList}. */
  listCommand(): string
  /** The installed packages in the output of {@link PackageManager.listCommand}. */
  parseList(stdout: string): PackageInfo[]
  /**
   * Lists the installed packages among `names` (possibly more: only `names`
   * are looked at), in the format of {@link PackageManager.listCommand};
   * packages that are not installed are simply absent.
   */
  installedCommand(names: readonly string[]): string
  /** Searches the repositories for `query`; read by {@link PackageManager.parseSearch}. */
  searchCommand(query: string): string
  /** The packages in the output of {@link PackageManager.searchCommand}. */
  parseSearch(stdout: string): PackageInfo[]
  /** Exit codes of {@link PackageManager.searchCommand} that mean "nothing found" rather than failure. */
  readonly searchEmptyExitCodes: readonly number[]
  /** Prints the name of the package in the package file at `path`; read by {@link PackageManager.parseFileName}. */
  fileNameCommand(path: string): string
  /** The package name in the output of {@link PackageManager.fileNameCommand}, or undefined. */
  parseFileName(stdout: string): string | undefined
  /** The non-interactive command line that applies `action` to `specs` (all packages for an update without specs). */
  changeCommand(action: PackageAction, specs: readonly PackageSpec[]): ManagerCommand
}
