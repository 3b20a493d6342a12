import { isPort } from '../ssh-uri.js'
import { parseMatchCriteria, UNEVALUATED_CRITERIA } from './match-criteria.js'
import { splitArguments } from './split-arguments.js'
import { sshConfigError } from './ssh-config-error.js'
import { noteOn, type SshConfigDirective, type SshConfigFile, type SshConfigNote } from './ssh-config-file.js'

/** Keywords the inventory reads that OpenSSH gives exactly one argument. */
const SINGLE_VALUE = new Set(['hostname', 'user', 'port', 'identityfile', 'proxyjump'])

/**
 * One ssh_config text, checked as OpenSSH checks a file it reads: every
 * line, whether its block applies to a host or not. `Include` lines are
 * kept, not followed (`loadSshConfig` follows them).
 *
 * @param file the file's path, named in every error and note.
 * @throws CapstanError CONFIG_ERROR naming `file` and the line: a quote not
 * closed, a keyword without a value, a second value where OpenSSH takes
 * one, a Port that is not a number from 1 to 65535, a Match line OpenSSH
 * would refuse.
 */
export function parseSshConfig(text: string, file: string): SshConfigFile {
  const directives = text.split(/\r\n|\r|\n/).flatMap((lineText, index) => {
    const directive = directiveOf(lineText, index + 1, file)
    return directive === undefined ? [] : [directive]
  })
  return { path: file, directives, notes: directives.flatMap((directive) => notesOf(directive, file)) }
}

function directiveOf(lineText: string, line: number, file: string): SshConfigDirective | undefined {
  // The keyword ends at a space, a tab or one `=`: `HostName=a`, `User = b`.
  const split = /^[ \t\f]*([^ \t\f=]+)[ \t\f]*(?:=[ \t\f]*)?(.*)$/s.exec(lineText)
  if (split === null || split[1]!.startsWith('#')) return undefined
  const name = split[1]!
  const keyword = name.toLowerCase()
  const args = splitArguments(split[2]!)
  if (args === undefined) throw sshConfigError(file, `line ${line}: cannot parse (a quote is not closed)`, { line })
  if (args.length === 0) throw sshConfigError(file, `line ${line}: ${name} has no value`, { line, field: name })
  if (SINGLE_VALUE.has(keyword) && args.length > 1) {
    throw sshConfigError(file, `line ${line}: ${name} takes one value, not ${args.length} (quote a value with spaces)`, { line, field: name })
  }
  if (keyword === 'port') checkPort(args[0]!, file, line)
  const directive: SshConfigDirective = { keyword, name, args, line }
  if (keyword === 'match') directive.criteria = parseMatchCriteria(args, file, line)
  return directive
}

function notesOf(directive: SshConfigDirective, file: string): SshConfigNote[] {
  const note = (message: string): SshConfigNote[] => [noteOn(file, directive, message)]
  const unevaluated = directive.criteria?.find((criterion) => UNEVALUATED_CRITERIA.has(criterion.name))
  if (unevaluated !== undefined) return note(`Match ${unevaluated.name} is not evaluated: its block is applied to no host`)
  if (directive.keyword === 'proxycommand') return note('ProxyCommand is not run: a host it applies to connects directly, and takes no ProxyJump obtained after it')
  if (directive.keyword === 'canonicalizehostname' && directive.args[0]?.toLowerCase() !== 'no') {
    return note('CanonicalizeHostName is not done: names are used as written, without DNS lookups')
  }
  return []
}

function checkPort(text: string, file: string, line: number): void {
  if (!/^\d+$/.test(text) || !isPort(Number(text))) {
    throw sshConfigError(file, `line ${line}: Port ${JSON.stringify(text)} is not a number from 1 to 65535`, { line, field: 'Port', value: text })
  }
}
