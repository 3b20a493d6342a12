import type { Node, SourceNode } from 'capstan'

/** Where a node's SSH server is, as the inventory describes it. */
export interface NodeEndpoint {
  hostname: string
  port?: number
  user?: string
  /** IdentityFile paths from ssh_config, in order. */
  identityFile?: string[]
  /** ssh_config's ProxyJump value. */
  proxyJump?: string
}

/**
 * The endpoint a node record names: its `config` (hostname, port, user,
 * identityFile, proxyJump — what this plugin's inventory writes), else its
 * `ssh://` URI, else its id as the host name. Works for records of other
 * sources too (a PuppetDB node routed to this plugin has only an id).
 */
export function nodeEndpoint(record: SourceNode | Node): NodeEndpoint {
  const config = record.config ?? {}
  const fromUri = uriEndpoint(record.uri)
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined)
  const hostname = text(config.hostname) ?? fromUri?.hostname ?? record.id
  const port = typeof config.port === 'number' ? config.port : fromUri?.port
  const user = text(config.user) ?? fromUri?.user
  const identityFile = Array.isArray(config.identityFile) ? config.identityFile.filter((p): p is string => typeof p === 'string') : undefined
  const proxyJump = text(config.proxyJump)
  return {
    hostname,
    ...(port === undefined ? {} : { port }),
    ...(user === undefined ? {} : { user }),
    ...(identityFile === undefined || identityFile.length === 0 ? {} : { identityFile }),
    ...(proxyJump === undefined ? {} : { proxyJump }),
  }
}

function uriEndpoint(uri: string | undefined): NodeEndpoint | undefined {
  if (uri === undefined || !uri.startsWith('ssh://')) return undefined
  try {
    const url = new URL(uri)
    const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname
    if (hostname === '') return undefined
    return {
      hostname,
      ...(url.port === '' ? {} : { port: Number(url.port) }),
      ...(url.username === '' ? {} : { user: decodeURIComponent(url.username) }),
    }
  } catch {
    return undefined
  }
}
