import { JsonRecord, type NodeGroup, type SourceNode } from 'capstan'
import { configError } from 'capstan/plugin-kit'
import { z } from 'zod'
import { DEFAULT_SSH_PORT, isPort, sshUri, type SshNodeDefaults } from './ssh-uri.js'

const Port = z.number().int().min(1).max(65535)
const HostName = z.string().trim().min(1).regex(/^[^\s/@]+$/, 'must be a host name or address, without user, port or spaces')

/** A host given as an object: `name` is its id, `host` where to connect (the name by default). */
export const ExplicitHostObject = z.strictObject({
  name: z.string().trim().min(1),
  host: HostName.optional(),
  port: Port.optional(),
  user: z.string().trim().min(1).optional(),
  groups: z.array(z.string().trim().min(1)).optional(),
  vars: JsonRecord.optional(),
})
/** An explicit host after parsing: string forms are turned into this. */
export type ExplicitHostEntry = z.output<typeof ExplicitHostObject>

/**
 * A host given as `[ssh://][user@]host[:port]`, IPv6 in brackets when a port
 * follows (`[::1]:2222`); a bare IPv6 address has no port. Its name is the
 * string without scheme and user (`web1:2222`), so two ports of one machine
 * stay two nodes.
 */
export const ExplicitHostString = z.string().trim().min(1).transform((text, ctx): ExplicitHostEntry => {
  const parsed = parseHostString(text)
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: parsed, input: text })
    return z.NEVER
  }
  return parsed
})

/**
 * One entry of `hosts`, string or object. Dispatched on the type rather than a
 * `z.union`, whose error hides the inner issue: a user should read
 * `hosts[1].port: expected number`, not `hosts[1]: Invalid input`.
 */
export const ExplicitHost = z
  .unknown()
  .transform((value, ctx): ExplicitHostEntry => {
    const result = typeof value === 'string' ? ExplicitHostString.safeParse(value) : ExplicitHostObject.safeParse(value)
    if (result.success) return result.data
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) ctx.addIssue({ code: 'custom', path: [...issue.path, key], message: `unknown field ${JSON.stringify(key)}`, input: value })
      } else ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message, input: value })
    }
    return z.NEVER
  }) as unknown as z.ZodType<ExplicitHostEntry, string | z.input<typeof ExplicitHostObject>>

/** The plugin option `hosts`: a list of strings or objects; names must be unique. */
export const ExplicitHosts = z.array(ExplicitHost).superRefine((hosts, ctx) => {
  const seen = new Set<string>()
  hosts.forEach((host, index) => {
    if (seen.has(host.name)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `host "${host.name}" is listed twice` })
    seen.add(host.name)
  })
})
/** What a user may write for `hosts`. */
export type ExplicitHostsInput = z.input<typeof ExplicitHosts>

/**
 * The nodes the plugin option `hosts` names, in the order given, with
 * transport `ssh` and the groups and vars of each entry.
 *
 * @throws CapstanError CONFIG_ERROR naming the bad field (`hosts[2].port`).
 */
export function explicitHostNodes(hosts: ExplicitHostsInput, options: { defaults?: SshNodeDefaults | undefined } = {}): SourceNode[] {
  const parsed = z.object({ hosts: ExplicitHosts }).safeParse({ hosts })
  if (!parsed.success) throw configError('ssh plugin option hosts', parsed.error)
  const defaults = options.defaults ?? {}
  return parsed.data.hosts.map((entry) => {
    const hostname = entry.host ?? entry.name
    const user = entry.user ?? defaults.user
    const port = entry.port ?? defaults.port ?? DEFAULT_SSH_PORT
    const config: Record<string, unknown> = { hostname }
    if (user !== undefined) config.user = user
    config.port = port
    const node: SourceNode = { id: entry.name, uri: sshUri(hostname, port, user), transport: 'ssh', config }
    if (entry.groups !== undefined && entry.groups.length > 0) node.groups = [...new Set(entry.groups)]
    if (entry.vars !== undefined) node.vars = entry.vars
    return node
  })
}

/** One group per group name the nodes carry, in order of first appearance, members in node order. */
export function groupsOf(nodes: readonly SourceNode[]): NodeGroup[] {
  const members = new Map<string, string[]>()
  for (const node of nodes) {
    for (const group of node.groups ?? []) {
      const ids = members.get(group) ?? []
      if (!ids.includes(node.id)) ids.push(node.id)
      members.set(group, ids)
    }
  }
  return [...members].map(([name, ids]) => ({ name, nodes: ids }))
}

/** The entry a host string stands for, or why it is not one. */
function parseHostString(text: string): ExplicitHostEntry | string {
  let rest = text
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest)
  if (scheme) {
    if (scheme[1]!.toLowerCase() !== 'ssh') return `"${text}" uses scheme ${scheme[1]}://; only ssh:// is supported`
    rest = rest.slice(scheme[0].length)
  }
  const at = rest.lastIndexOf('@')
  const user = at >= 0 ? rest.slice(0, at) : undefined
  if (user === '') return `"${text}" has an empty user before "@"`
  rest = rest.slice(at + 1)

  let host: string
  let portText: string | undefined
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']')
    if (close < 0) return `"${text}" opens "[" without closing it`
    host = rest.slice(1, close)
    const after = rest.slice(close + 1)
    if (after !== '' && !after.startsWith(':')) return `"${text}" has "${after}" after "]"; expected ":port"`
    portText = after === '' ? undefined : after.slice(1)
  } else if (rest.indexOf(':') !== rest.lastIndexOf(':')) {
    // Several colons without brackets: a bare IPv6 address, which cannot carry a port.
    host = rest
  } else {
    const colon = rest.indexOf(':')
    host = colon < 0 ? rest : rest.slice(0, colon)
    portText = colon < 0 ? undefined : rest.slice(colon + 1)
  }
  if (host === '' || /[\s/@[\]]/.test(host)) return `"${text}" has no valid host; expected [user@]host[:port]`
  let port: number | undefined
  if (portText !== undefined) {
    port = Number(portText)
    if (!/^\d+$/.test(portText) || !isPort(port)) return `"${text}" has port "${portText}", not a number from 1 to 65535`
  }
  const name = port === undefined ? host : `${host.includes(':') ? `[${host}]` : host}:${port}`
  return { name, host, ...(port === undefined ? {} : { port }), ...(user === undefined ? {} : { user }) }
}
