import type { Node } from '../capabilities/models/node.js'
import { DEFAULT_TRANSPORT } from '../registry/assign-providers.js'
import type { AdHocUri } from './ad-hoc-uri.js'
import { identityKey } from './identity-key.js'
import { uriAuthority } from './uri-authority.js'
import { DEFAULT_PORTS } from './uri-identity.js'

/**
 * Finds the inventory nodes a uri target reaches, so that a uri naming a
 * known node is that node (its groups, its RBAC, its plugin) rather than a
 * transient twin. A node is reached when:
 *
 * - its host (from its uri, else `config.hostname`), id, name or an alias is
 *   the uri's host, compared as identities are (case, trailing dot, IPv6 spelling);
 * - its transport (else its uri's scheme, else `ssh`) is the uri's scheme;
 * - its port (from its uri, else `config.port`) is the uri's, a scheme's
 *   default port (22 for ssh) counting as no port;
 * - and, when both name a login user, it is the same one: `ssh://root@web01`
 *   is another login than inventory's `deploy@web01`, so it stays ad hoc.
 *
 * The nodes are indexed by host name once, so many uris against a large
 * inventory cost one pass over it.
 */
export function nodesAtUri(nodes: readonly Node[]): (target: AdHocUri) => Node[] {
  const byHost = new Map<string, Node[]>()
  for (const node of nodes) {
    for (const key of new Set(hostNamesOf(node).map(identityKey))) {
      if (key === undefined) continue
      const list = byHost.get(key)
      if (list === undefined) byHost.set(key, [node])
      else list.push(node)
    }
  }
  return (target) => {
    const key = identityKey(target.host)
    const port = portKey(target.port === undefined ? undefined : String(target.port), target.transport)
    return (key === undefined ? [] : (byHost.get(key) ?? [])).filter((node) => sameEndpoint(node, target, port))
  }
}

/** The names a node may be reached by as a host: its endpoint host, id, name and aliases. */
function hostNamesOf(node: Node): string[] {
  const endpoint = node.uri === undefined ? undefined : uriAuthority(node.uri).host
  const hostname = typeof node.config?.hostname === 'string' ? node.config.hostname : undefined
  return [endpoint ?? hostname, node.id, node.name, ...node.aliases].filter((name): name is string => name !== undefined)
}

function sameEndpoint(node: Node, target: AdHocUri, port: string): boolean {
  const authority = node.uri === undefined ? undefined : uriAuthority(node.uri)
  const transport = node.transport ?? authority?.scheme ?? DEFAULT_TRANSPORT
  if (transport !== target.transport) return false
  const config = node.config ?? {}
  const nodePort = authority?.port ?? (typeof config.port === 'number' ? String(config.port) : undefined)
  if (portKey(nodePort, transport) !== port) return false
  const user = (node.uri === undefined ? undefined : userOfUri(node.uri)) ?? (typeof config.user === 'string' ? config.user : undefined)
  return user === undefined || target.user === undefined || user === target.user
}

/** A port as compared: a scheme's default port and no port are the same endpoint. */
function portKey(port: string | undefined, scheme: string): string {
  const digits = port === undefined ? undefined : String(Number(port))
  return digits === undefined || (DEFAULT_PORTS[scheme] ?? []).includes(digits) ? '' : digits
}

/** The login user a uri names (`ssh://deploy@web01` → `deploy`), percent-decoded; none without an `@`. */
function userOfUri(uri: string): string | undefined {
  const schemeEnd = uri.indexOf('://')
  const start = schemeEnd < 0 ? 0 : schemeEnd + 3
  const end = uri.slice(start).search(/[/?#]/)
  const at = uri.lastIndexOf('@', end < 0 ? uri.length : start + end)
  if (at < start) return undefined
  const info = uri.slice(start, at)
  const user = info.includes(':') ? info.slice(0, info.indexOf(':')) : info
  try {
    return decodeURIComponent(user)
  } catch {
    return user
  }
}
