import { homedir, userInfo } from 'node:os'
import type { SourceNode } from 'capstan'
import { loadSshConfig, type LoadSshConfigOptions } from './ssh-config/load-ssh-config.js'
import { parseSshConfig } from './ssh-config/parse-ssh-config.js'
import { resolveSshHost, type ResolvedSshHost } from './ssh-config/resolve-ssh-host.js'
import { sshConfigError } from './ssh-config/ssh-config-error.js'
import { noteOn, type SshConfigDirective, type SshConfigFile, type SshConfigNote } from './ssh-config/ssh-config-file.js'
import { isConcreteAlias } from './ssh-config/ssh-patterns.js'
import { DEFAULT_SSH_PORT, isPort, sshUri, type SshNodeDefaults } from './ssh-uri.js'

/** Options of {@link sshConfigNodes}. */
export interface SshConfigNodesOptions {
  /** What a text was read from, named in every error and note; `ssh_config` by default. Unused for a loaded file. */
  source?: string | undefined
  /** Used when no block of the file sets User or Port; `defaults.user` is also the user `Match user` sees then. */
  defaults?: SshNodeDefaults | undefined
  /** What `~` in IdentityFile expands to; the current user's home directory by default. */
  homeDir?: string | undefined
  /** The local user `Match localuser` compares (and `Match user` without User or `defaults.user`); the current user by default. */
  localUser?: string | undefined
  /** Called once for each directive that is read but not applied (Match exec, ProxyCommand), and each alias left out. */
  onNote?: ((note: SshConfigNote) => void) | undefined
}

/**
 * The nodes an ssh_config names: one per concrete `Host` alias (no `*`, `?`
 * or `!`) in the file or the files it includes, in order of first
 * appearance, each with the settings OpenSSH would use for it (see
 * `resolveSshHost`): first obtained value wins, `Match` criteria that run
 * no command are evaluated, wildcard blocks apply as defaults without being
 * nodes. An alias whose own `Host` line never applies to it (inside a
 * block or an included file that does not match it) is left out, with a
 * note.
 *
 * `Host web1 web2` is a pattern list to OpenSSH, so each alias is its own
 * node (they may well be different machines) with no `aliases` between
 * them.
 *
 * @param config a file {@link loadSshConfig} read, Includes followed; or a
 * text, whose Includes cannot be followed (each is noted).
 * @throws CapstanError CONFIG_ERROR naming the file and line (see
 * `parseSshConfig`), or the bad default.
 */
export function sshConfigNodes(config: SshConfigFile | string, options: SshConfigNodesOptions = {}): SourceNode[] {
  const file = typeof config === 'string' ? parseSshConfig(config, options.source ?? 'ssh_config') : config
  const defaults = checkedDefaults(options.defaults ?? {}, file.path)
  const home = options.homeDir ?? homedir()
  const context = { localUser: options.localUser ?? currentUser(), ...(defaults.user === undefined ? {} : { defaultUser: defaults.user }) }
  const notes = notesOf(file)

  const nodes: SourceNode[] = []
  for (const { alias, where } of aliasesOf(file)) {
    const resolved = resolveSshHost(file, alias, context)
    if (resolved.named) nodes.push(nodeFor(alias, resolved, defaults, home))
    else notes.push({ ...where, message: `Host ${alias} is not listed: its block never applies to ${alias} (it sits in a Match, Host or Include that does not)` })
  }
  for (const note of notes) options.onNote?.(note)
  return nodes
}

/** {@link sshConfigNodes} of the file at `path`, its Includes followed ({@link loadSshConfig}). */
export async function readSshConfigNodes(path: string, options: SshConfigNodesOptions & LoadSshConfigOptions = {}): Promise<SourceNode[]> {
  return sshConfigNodes(await loadSshConfig(path, options), options)
}

function nodeFor(alias: string, resolved: ResolvedSshHost, defaults: SshNodeDefaults, home: string): SourceNode {
  const { hostname } = resolved
  const user = resolved.user ?? defaults.user
  const port = resolved.port ?? defaults.port ?? DEFAULT_SSH_PORT
  const identityFile = resolved.identityFiles.filter((path) => path.toLowerCase() !== 'none').map((path) => expandHome(path, home))

  const config: Record<string, unknown> = { hostname }
  if (user !== undefined) config.user = user
  config.port = port
  if (identityFile.length > 0) config.identityFile = identityFile
  // `ProxyJump none` is how a block switches off a jump host a later wildcard block sets.
  if (resolved.proxyJump !== undefined && resolved.proxyJump.toLowerCase() !== 'none') config.proxyJump = resolved.proxyJump
  return { id: alias, uri: sshUri(hostname, port, user), transport: 'ssh', config }
}

/** Concrete aliases of every Host line, in reading order through the Includes, each once, with the first line naming it. */
function aliasesOf(file: SshConfigFile): Array<{ alias: string; where: { file: string; line: number; directive: string } }> {
  const found = new Map<string, { file: string; line: number; directive: string }>()
  walk(file, (current, directive) => {
    if (directive.keyword !== 'host') return
    for (const pattern of directive.args) {
      if (isConcreteAlias(pattern) && !found.has(pattern)) found.set(pattern, { file: current.path, line: directive.line, directive: directive.name })
    }
  })
  return [...found].map(([alias, where]) => ({ alias, where }))
}

/** Every note of every file read, once each, and one per Include of a text, which cannot be followed. */
function notesOf(file: SshConfigFile): SshConfigNote[] {
  const notes = new Map<string, SshConfigNote>()
  const add = (note: SshConfigNote) => notes.set(`${note.file}:${note.line}:${note.message}`, note)
  walk(file, (current, directive) => {
    if (directive.keyword === 'include' && directive.included === undefined) {
      add(noteOn(current.path, directive, `Include not followed: ${directive.args.join(' ')} (read the file with loadSshConfig to follow it)`))
    }
  }, (current) => current.notes.forEach(add))
  return [...notes.values()]
}

function walk(
  file: SshConfigFile,
  visit: (file: SshConfigFile, directive: SshConfigDirective) => void,
  enter?: (file: SshConfigFile) => void,
): void {
  enter?.(file)
  for (const directive of file.directives) {
    visit(file, directive)
    for (const included of directive.included ?? []) walk(included, visit, enter)
  }
}

function checkedDefaults(defaults: SshNodeDefaults, source: string): SshNodeDefaults {
  if (defaults.port !== undefined && !isPort(defaults.port)) {
    throw sshConfigError(source, `defaults.port ${defaults.port} is not a number from 1 to 65535`, { field: 'defaults.port', value: defaults.port })
  }
  if (defaults.user !== undefined && defaults.user.trim() === '') {
    throw sshConfigError(source, 'defaults.user is empty', { field: 'defaults.user' })
  }
  return defaults
}

function currentUser(): string {
  try {
    return userInfo().username
  } catch {
    // A uid without a passwd entry (some containers) has no name.
    return process.env['USER'] ?? ''
  }
}

function expandHome(path: string, home: string): string {
  if (path === '~') return home
  if (path.startsWith('~/')) return `${home.replace(/\/+$/, '')}/${path.slice(2)}`
  return path
}
