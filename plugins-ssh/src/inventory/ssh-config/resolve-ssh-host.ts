import { matchApplies, requestsFinalPass } from './match-criteria.js'
import type { SshConfigDirective, SshConfigFile } from './ssh-config-file.js'
import { matchesPatternList } from './ssh-patterns.js'

/** The settings OpenSSH would use to connect to one alias, as far as the inventory needs them. */
export interface ResolvedSshHost {
  /** HostName with `%h` expanded, or the alias; in lower case, as OpenSSH uses it. */
  hostname: string
  user?: string | undefined
  port?: number | undefined
  /** Every IdentityFile obtained, in order, each once, as written. */
  identityFiles: string[]
  /** The first ProxyJump obtained (`none` included), unless a ProxyCommand came first. */
  proxyJump?: string | undefined
  /** True when a `Host` line naming the alias itself applies to it: false for one inside a block that never applies to it. */
  named: boolean
}

/** Who is asking, for `Match user` and `Match localuser`. */
export interface ResolveSshHostContext {
  /** The local user name. */
  localUser: string
  /** The remote user when no User is obtained; the local user when absent (OpenSSH's default). */
  defaultUser?: string | undefined
}

interface Obtained {
  hostname?: string
  user?: string
  port?: number
  identityFiles: string[]
  /** The first of ProxyJump and ProxyCommand: whichever comes first rules out the other. */
  proxy?: { jump: string } | { command: string }
}

interface Pass {
  alias: string
  /** What `Host` lines are compared with: the alias on the first pass, the resolved host name on the final one. */
  host: string
  finalPass: boolean
  obtained: Obtained
  context: ResolveSshHostContext
  wantsFinalPass: boolean
  named: boolean
}

/**
 * The settings for `alias`, read from the file and its includes the way
 * OpenSSH reads them (ssh_config(5)): line by line, the first obtained
 * value of each keyword wins; `Host` lines match the alias, `Match` lines
 * their criteria; an included file starts in the state of the block that
 * includes it and cannot change that block's state; inside a block that
 * does not apply, an included file applies nothing. `Match final` anywhere
 * asks for a second pass over everything, in which `Host` lines match the
 * resolved host name and `canonical` and `final` hold. No DNS
 * canonicalisation is done and no `Match exec` command is run.
 */
export function resolveSshHost(config: SshConfigFile, alias: string, context: ResolveSshHostContext): ResolvedSshHost {
  const obtained: Obtained = { identityFiles: [] }
  const first: Pass = { alias, host: alias, finalPass: false, obtained, context, wantsFinalPass: false, named: false }
  readFile(config, true, false, first)
  if (first.wantsFinalPass) readFile(config, true, false, { ...first, host: hostnameOf(obtained, alias), finalPass: true })

  const resolved: ResolvedSshHost = { hostname: hostnameOf(obtained, alias), identityFiles: obtained.identityFiles, named: first.named }
  if (obtained.user !== undefined) resolved.user = obtained.user
  if (obtained.port !== undefined) resolved.port = obtained.port
  if (obtained.proxy !== undefined && 'jump' in obtained.proxy) resolved.proxyJump = obtained.proxy.jump
  return resolved
}

function readFile(file: SshConfigFile, inheritedActive: boolean, neverMatch: boolean, pass: Pass): void {
  let active = inheritedActive
  for (const directive of file.directives) {
    if (directive.keyword === 'host') {
      active = !neverMatch && matchesPatternList(pass.host, directive.args)
      if (active && !pass.finalPass && directive.args.includes(pass.alias)) pass.named = true
    } else if (directive.keyword === 'match') {
      const criteria = directive.criteria ?? []
      if (requestsFinalPass(criteria)) pass.wantsFinalPass = true
      active = !neverMatch && matchApplies(criteria, matchContextOf(pass))
    } else if (directive.keyword === 'include') {
      for (const included of directive.included ?? []) readFile(included, active, neverMatch || !active, pass)
    } else if (active) {
      obtain(pass.obtained, directive)
    }
  }
}

function matchContextOf(pass: Pass) {
  const { obtained, context, alias } = pass
  return {
    // On the first pass OpenSSH compares the HostName obtained so far; on the final one, the name it resolved.
    host: pass.finalPass ? pass.host : obtained.hostname === undefined ? alias : expandHostName(obtained.hostname, alias),
    originalHost: alias,
    user: obtained.user ?? context.defaultUser ?? context.localUser,
    localUser: context.localUser,
    finalPass: pass.finalPass,
  }
}

function obtain(obtained: Obtained, { keyword, args }: SshConfigDirective): void {
  const value = args[0]!
  if (keyword === 'hostname') obtained.hostname ??= value
  else if (keyword === 'user') obtained.user ??= value
  else if (keyword === 'port') obtained.port ??= Number(value)
  else if (keyword === 'identityfile' && !obtained.identityFiles.includes(value)) obtained.identityFiles.push(value)
  else if (keyword === 'proxyjump') obtained.proxy ??= { jump: value }
  else if (keyword === 'proxycommand') obtained.proxy ??= { command: args.join(' ') }
}

function hostnameOf(obtained: Obtained, alias: string): string {
  return (obtained.hostname === undefined ? alias : expandHostName(obtained.hostname, alias)).toLowerCase()
}

/** HostName may contain `%h` (the alias) and `%%`, the only tokens OpenSSH expands there. */
function expandHostName(hostname: string, alias: string): string {
  return hostname.replace(/%([%h])/g, (_, token: string) => (token === 'h' ? alias : '%'))
}
