import type { MatchCriterion } from './match-criteria.js'

/** One ssh_config file as read: its directives in order, Include lines with the files they name. */
export interface SshConfigFile {
  /** The file's path, or the name given to a text read without one. */
  path: string
  directives: SshConfigDirective[]
  /** What the file says that is read but not applied, once per line. */
  notes: SshConfigNote[]
}

/** One `Keyword value` line. */
export interface SshConfigDirective {
  /** The keyword in lower case (`hostname`), as OpenSSH compares it. */
  keyword: string
  /** The keyword as written, for messages. */
  name: string
  /** The arguments, unquoted: the patterns of `Host`, the paths of `Include`, the one value of most keywords. */
  args: string[]
  /** 1-based line in the file. */
  line: number
  /** `Match` only: its criteria, checked when the file was read. */
  criteria?: MatchCriterion[] | undefined
  /** `Include` only, once the file is loaded: the files it names, in the order OpenSSH reads them. */
  included?: SshConfigFile[] | undefined
}

/** Something in a file that was read but deliberately not applied, or not followed. */
export interface SshConfigNote {
  /** The file it is in. */
  file: string
  /** 1-based line of the directive. */
  line: number
  /** The directive as written (`Match`, `Include`, `ProxyCommand`). */
  directive: string
  message: string
}

/** The note `message` about `directive` of `file`. */
export function noteOn(file: string, directive: Pick<SshConfigDirective, 'line' | 'name'>, message: string): SshConfigNote {
  return { file, line: directive.line, directive: directive.name, message }
}
