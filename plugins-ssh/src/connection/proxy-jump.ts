import { CapstanError } from 'capstan'

/** One hop of an OpenSSH `ProxyJump` value, as {@link parseProxyJump} returns it. */
export interface ProxyJumpHop {
  /** Login name; absent when neither the value nor the defaults name one. */
  user?: string | undefined
  /** Host name or address, without IPv6 brackets. */
  host: string
  /** Absent when neither the value nor the defaults give one (OpenSSH then uses 22). */
  port?: number | undefined
}

/** What {@link parseProxyJump} fills in for a hop that does not say. */
export interface ProxyJumpDefaults {
  /** Login name for hops without `user@`. */
  user?: string | undefined
  /** Port for hops without `:port`. */
  port?: number | undefined
}

/**
 * Parses an OpenSSH `ProxyJump` value (`ssh -J`) into hops, first hop first:
 * comma-separated `[user@]host[:port]` (IPv6 as `[addr]:port`) or
 * `ssh://[user@]host[:port]` URIs. `none` means no jump and gives `[]`.
 *
 * The last hop is the one next to the destination, so as an
 * {@link SshTarget} chain it becomes the destination's `jump`, whose own
 * `jump` is the hop before it, and so on.
 *
 * Fails with CONFIG_ERROR naming the value and the part it cannot read.
 */
export function parseProxyJump(value: string, defaults: ProxyJumpDefaults = {}): ProxyJumpHop[] {
  const trimmed = value.trim()
  if (trimmed.toLowerCase() === 'none') return []
  return trimmed.split(',').map((part) => {
    const hop = parseHop(part.trim())
    if (hop === undefined) {
      throw new CapstanError('CONFIG_ERROR', { message: `Cannot read ProxyJump ${JSON.stringify(value)}: ${JSON.stringify(part.trim())} is not [user@]host[:port] or ssh://[user@]host[:port]`, details: { value, part: part.trim() } })
    }
    const user = hop.user ?? defaults.user
    const port = hop.port ?? defaults.port
    return { ...(user === undefined ? {} : { user }), host: hop.host, ...(port === undefined ? {} : { port }) }
  })
}

function parseHop(text: string): ProxyJumpHop | undefined {
  let rest = text
  const uri = /^ssh:\/\//i.test(rest)
  if (uri) {
    rest = rest.slice('ssh://'.length)
    if (rest.endsWith('/')) rest = rest.slice(0, -1)
    if (rest.includes('/') || rest.includes('?') || rest.includes('#')) return undefined
  }
  let user: string | undefined
  const at = rest.lastIndexOf('@')
  if (at !== -1) {
    user = uri ? decodeURIComponent(rest.slice(0, at)) : rest.slice(0, at)
    rest = rest.slice(at + 1)
    if (user === '' || /[\s@:]/.test(user)) return undefined
  }
  let host: string
  let portText: string | undefined
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(rest)
  if (bracketed !== null) {
    host = bracketed[1] as string
    portText = bracketed[2]
  } else {
    const colons = rest.split(':').length - 1
    if (colons === 1) {
      host = rest.slice(0, rest.indexOf(':'))
      portText = rest.slice(rest.indexOf(':') + 1)
    } else {
      // A bare IPv6 address (several colons) has no port.
      host = rest
    }
  }
  if (host === '' || /[\s/@[\]]/.test(host)) return undefined
  if (portText === undefined) return { ...(user === undefined ? {} : { user }), host }
  if (!/^\d{1,5}$/.test(portText)) return undefined
  const port = Number(portText)
  if (port < 1 || port > 65_535) return undefined
  return { ...(user === undefined ? {} : { user }), host, port }
}
