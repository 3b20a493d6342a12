import { homedir } from 'node:os'
import { CapstanError, type SourceNode } from 'capstan'
import SSHConfig, { LineType, type Line } from 'ssh-config'
import { DEFAULT_SSH_PORT, isPort, sshUri, type SshNodeDefaults } from './ssh-uri.js'

/** Something in the file that was read but deliberately not applied. */
export interface SshConfigNote {
  /** 1-based line of the directive. */
  line: number
  /** The directive as written (`Match`, `Include`). */
  directive: string
  message: string
}

/** Options of {@link sshConfigNodes}. */
export interface SshConfigNodesOptions {
  /** Where the text came from (a file path); named in every error. */
  source: string
  /** Used when no block of the file sets User or Port. */
  defaults?: SshNodeDefaults
  /** What `~` in IdentityFile expands to; the current user's home directory by default. */
  homeDir?: string
  /** Called for each directive that is read but not applied (Match, Include). */
  onNote?: (note: SshConfigNote) => void
}

/**
 * The nodes an ssh_config file names: one per concrete `Host` alias (no `*`,
 * `?` or `!`), in order of first appearance, each with the settings OpenSSH
 * would use for it — first obtained value wins, and wildcard blocks
 * (`Host *`, `Host *.example.com`) apply as defaults without being nodes.
 *
 * `Host web1 web2` is a pattern list to OpenSSH, so each alias is its own node
 * (they may well be different machines) with no `aliases` between them.
 * `Match` blocks are never applied (they depend on the connection being made,
 * and `Match exec` would run commands), nor is `Include` followed; each is
 * reported through `onNote`.
 *
 * @throws CapstanError CONFIG_ERROR naming the source and line: text the
 * parser rejects, or a Port that is not a number from 1 to 65535.
 */
export function sshConfigNodes(text: string, options: SshConfigNodesOptions): SourceNode[] {
  const { source } = options
  const defaults = checkedDefaults(options.defaults ?? {}, source)
  rejectKeywordsWithoutValue(text, source)
  const config = parseConfig(text, source)
  const directives = numberedDirectives(config, text)

  for (const { line, number } of directives) {
    if (/^port$/i.test(line.param)) checkPort(valueText(line.value), source, number)
    else if (/^(match|include)$/i.test(line.param)) {
      options.onNote?.({
        line: number,
        directive: line.param,
        message: /^match$/i.test(line.param)
          ? `Match block ignored: its settings are not applied to any host`
          : `Include not followed: hosts in ${valueText(line.value)} are not listed`,
      })
    }
  }

  const applicable = withoutConditionalParts(config)
  const home = options.homeDir ?? homedir()
  return concreteAliases(config).map((alias) => nodeFor(alias, applicable.compute(alias, { ignoreCase: true, matchExec: false }), defaults, home))
}

function nodeFor(alias: string, computed: Record<string, string | string[]>, defaults: SshNodeDefaults, home: string): SourceNode {
  const hostname = expandHostName(first(computed.hostname) ?? alias, alias)
  const user = first(computed.user) ?? defaults.user
  const portText = first(computed.port)
  const port = portText === undefined ? (defaults.port ?? DEFAULT_SSH_PORT) : Number(portText)
  const identityFile = all(computed.identityfile).filter((path) => path.toLowerCase() !== 'none').map((path) => expandHome(path, home))
  const proxyJump = first(computed.proxyjump)

  const config: Record<string, unknown> = { hostname }
  if (user !== undefined) config.user = user
  config.port = port
  if (identityFile.length > 0) config.identityFile = identityFile
  // `ProxyJump none` is how a block switches off a jump host a later wildcard block sets.
  if (proxyJump !== undefined && proxyJump.toLowerCase() !== 'none') config.proxyJump = proxyJump
  return { id: alias, uri: sshUri(hostname, port, user), transport: 'ssh', config }
}

function parseConfig(text: string, source: string): SSHConfig {
  try {
    return SSHConfig.parse(text)
  } catch (error) {
    // The parser does not say where; every line parses on its own, so the first one that fails alone is the culprit.
    const line = splitLines(text).findIndex((lineText) => !parsesAlone(lineText)) + 1
    const where = line > 0 ? `line ${line}: ` : ''
    const reason = error instanceof Error ? error.message : String(error)
    throw configError(source, `${where}cannot parse (${reason})`, line > 0 ? { line } : {}, error)
  }
}

/**
 * OpenSSH rejects a keyword with no value; the library instead reads the next
 * line as its value (`Host` alone would make `User x` two host aliases).
 */
function rejectKeywordsWithoutValue(text: string, source: string): void {
  splitLines(text).forEach((lineText, index) => {
    const bare = /^\s*([^\s=#]+)\s*=?\s*$/.exec(lineText)
    if (bare) throw configError(source, `line ${index + 1}: ${bare[1]} has no value`, { line: index + 1, field: bare[1] })
  })
}

function parsesAlone(lineText: string): boolean {
  try {
    SSHConfig.parse(lineText)
    return true
  } catch {
    return false
  }
}

type DirectiveLine = Extract<Line, { type: LineType.DIRECTIVE }>

/**
 * Every directive in file order with its 1-based line. The parser keeps no
 * line numbers, but it yields exactly one directive per line that is neither
 * blank nor a comment, in order, so the two lists pair up.
 */
function numberedDirectives(config: SSHConfig, text: string): Array<{ line: DirectiveLine; number: number }> {
  const directiveLineNumbers = splitLines(text).flatMap((lineText, index) => (/^\s*(#|$)/.test(lineText) ? [] : [index + 1]))
  const out: Array<{ line: DirectiveLine; number: number }> = []
  const visit = (lines: SSHConfig): void => {
    for (const line of lines) {
      if (line.type !== LineType.DIRECTIVE) continue
      out.push({ line, number: directiveLineNumbers[out.length] ?? 0 })
      if ('config' in line) visit(line.config)
    }
  }
  visit(config)
  return out
}

/** Concrete aliases of every Host line, first appearance first, each once. */
function concreteAliases(config: SSHConfig): string[] {
  const aliases = new Set<string>()
  for (const line of config) {
    if (line.type !== LineType.DIRECTIVE || !/^host$/i.test(line.param)) continue
    for (const pattern of valueList(line.value)) {
      if (!/[*?!]/.test(pattern)) aliases.add(pattern)
    }
  }
  return [...aliases]
}

/**
 * The file without Match blocks, and without CanonicalizeHostName: with
 * CanonicalDomains set, the library resolves names with `nslookup`, and
 * reading an inventory must not reach the network.
 */
function withoutConditionalParts(config: SSHConfig): SSHConfig {
  const keep = (line: Line): boolean => !(line.type === LineType.DIRECTIVE && /^(match|canonicalizehostname)$/i.test(line.param))
  const result = new SSHConfig()
  for (const line of config.filter(keep)) {
    if (line.type === LineType.DIRECTIVE && 'config' in line) {
      const inner = new SSHConfig()
      inner.push(...line.config.filter(keep))
      result.push({ ...line, config: inner })
    } else result.push(line)
  }
  return result
}

function checkPort(text: string, source: string, line: number): void {
  if (!/^\d+$/.test(text) || !isPort(Number(text))) {
    throw configError(source, `line ${line}: Port ${JSON.stringify(text)} is not a number from 1 to 65535`, { line, field: 'Port', value: text })
  }
}

function checkedDefaults(defaults: SshNodeDefaults, source: string): SshNodeDefaults {
  if (defaults.port !== undefined && !isPort(defaults.port)) {
    throw configError(source, `defaults.port ${defaults.port} is not a number from 1 to 65535`, { field: 'defaults.port', value: defaults.port })
  }
  if (defaults.user !== undefined && defaults.user.trim() === '') {
    throw configError(source, 'defaults.user is empty', { field: 'defaults.user' })
  }
  return defaults
}

/** HostName may contain `%h` (the alias) and `%%`, the only tokens OpenSSH expands there. */
function expandHostName(hostname: string, alias: string): string {
  return hostname.replace(/%([%h])/g, (_, token: string) => (token === 'h' ? alias : '%'))
}

function expandHome(path: string, home: string): string {
  if (path === '~') return home
  if (path.startsWith('~/')) return `${home.replace(/\/+$/, '')}/${path.slice(2)}`
  return path
}

function valueList(value: DirectiveLine['value']): string[] {
  return typeof value === 'string' ? [value] : value.map(({ val }) => val)
}

function valueText(value: DirectiveLine['value']): string {
  return valueList(value).join(' ')
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

function all(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value]
}

function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/)
}

function configError(source: string, message: string, details: Record<string, unknown>, cause?: unknown): CapstanError {
  return new CapstanError('CONFIG_ERROR', {
    message: `Invalid ssh_config ${source}: ${message}`,
    details: { file: source, ...details },
    ...(cause === undefined ? {} : { cause }),
  })
}
