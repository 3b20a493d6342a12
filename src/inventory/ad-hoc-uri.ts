import { isIPv6 } from 'node:net'
import { CapstanError } from '../errors/capstan-error.js'
import { echo } from '../errors/validation-error.js'
import { DEFAULT_TRANSPORT } from '../registry/assign-providers.js'
import { identityKey } from './identity-key.js'
import { HOSTLESS_SCHEMES } from './uri-identity.js'

/** A target written as a uri, read: what the core makes a transient node of. */
export interface AdHocUri {
  /**
   * The uri in one spelling: scheme and host lower-cased (a container name
   * after `local://` or `docker://` keeps its case), an IPv6 address in
   * brackets and its short form, the user percent-encoded where it must be,
   * the port as a number. A port is kept only when written: `ssh://h` and
   * `ssh://h:22` are two spellings.
   */
  uri: string
  /** The scheme: the transport a plugin must declare. */
  transport: string
  /** The host (an IPv6 address without brackets). */
  host: string
  port?: number | undefined
  /** The login user, percent-decoded. */
  user?: string | undefined
}

/** What a scheme may be (RFC 3986). */
const SCHEME = /^[a-z][a-z0-9+.-]*$/i
/** A host name, an IPv4 address or a container name: letters, digits, dot, dash, underscore. */
const HOST_NAME = /^[a-z0-9_](?:[a-z0-9._-]*[a-z0-9_])?$/i
/** What a user may be written with: unreserved, sub-delimiters and percent-escapes (RFC 3986 userinfo without `:`). */
const USER_TEXT = /^[a-z0-9._~!$&'()*+,;=%-]+$/i

/**
 * Whether a target name is meant as a uri rather than an inventory name:
 * it has a scheme (`ssh://`, `local://`, `winrm://`), or it has no scheme and
 * names a login user (`user@host`, `user@host:2222`), which Bolt and Ansible
 * read as SSH. A bare `host` or `host:port` is not: a mistyped node name must
 * stay NOT_FOUND, never become a connection to whatever that name resolves to.
 */
export function isUriTarget(name: string): boolean {
  return name.includes('://') || name.includes('@')
}

/**
 * Reads a uri target: `scheme://[user@]host[:port]`, or `user@host[:port]`
 * for `ssh://user@host[:port]`. An IPv6 host goes in brackets
 * (`ssh://[::1]:22`); the user may be percent-encoded and is decoded. Returns
 * undefined for a name that is not a uri target ({@link isUriTarget}).
 *
 * @throws CapstanError VALIDATION_ERROR naming `targets`, with `details.reason`:
 * `password` for a password in the uri (`ssh://user:secret@host`: secrets go in
 * a plugin's options, and the uri is not echoed), `scheme`, `user`, `host`,
 * `port`, or `path` (a path, query or fragment: a target names a host only).
 */
export function parseUriTarget(name: string): AdHocUri | undefined {
  if (!isUriTarget(name)) return undefined
  const schemeEnd = name.indexOf('://')
  const scheme = schemeEnd < 0 ? DEFAULT_TRANSPORT : name.slice(0, schemeEnd).toLowerCase()
  if (!SCHEME.test(scheme)) throw malformed(name, 'scheme', 'the scheme must be letters, digits, +, . or - after a letter (ssh://, winrm://, local://)')
  assertNoPassword(name)
  let rest = name.slice(schemeEnd < 0 ? 0 : schemeEnd + 3)
  if (rest.endsWith('/')) rest = rest.slice(0, -1)
  const at = rest.lastIndexOf('@')
  const userText = at < 0 ? undefined : rest.slice(0, at)
  if (/[/?#]/.test(rest)) throw malformed(name, 'path', 'a uri target names a host only: no path, query or fragment')
  const user = userText === undefined ? undefined : readUser(name, userText)
  const { host, port } = readHostPort(name, rest.slice(at + 1), scheme)
  const hostText = host.includes(':') ? `[${host}]` : host
  const uri = `${scheme}://${user === undefined ? '' : `${encodeURIComponent(user)}@`}${hostText}${port === undefined ? '' : `:${port}`}`
  return { uri, transport: scheme, host, ...(port === undefined ? {} : { port }), ...(user === undefined ? {} : { user }) }
}

/**
 * Refuses a uri target that carries a password (`ssh://user:secret@host`,
 * `user:secret@host`): VALIDATION_ERROR, `details.reason: 'password'`, with a
 * message that does not repeat the name. Names that are not uri targets pass.
 */
export function assertNoPassword(name: string): void {
  if (!isUriTarget(name)) return
  const schemeEnd = name.indexOf('://')
  const rest = name.slice(schemeEnd < 0 ? 0 : schemeEnd + 3)
  const at = rest.lastIndexOf('@')
  if (at >= 0 && rest.slice(0, at).includes(':')) throw passwordRefused()
}

function readUser(name: string, text: string): string {
  if (text === '' || !USER_TEXT.test(text)) throw malformed(name, 'user', 'the user must not be empty and may hold letters, digits, . _ ~ - and percent-escapes')
  let user: string
  try {
    user = decodeURIComponent(text)
  } catch {
    throw malformed(name, 'user', 'the user has a broken percent-escape')
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(user)) throw malformed(name, 'user', 'the user must not decode to control characters')
  return user
}

function readHostPort(name: string, text: string, scheme: string): { host: string; port?: number | undefined } {
  let host: string
  let portText: string | undefined
  if (text.startsWith('[')) {
    const close = text.indexOf(']')
    const address = close < 0 ? '' : text.slice(1, close)
    // A zone (fe80::1%eth0) names an interface of this machine, not a host: refused with the rest.
    if (address.includes('%') || !isIPv6(address)) throw malformed(name, 'host', 'brackets must hold an IPv6 address without a zone ([::1])')
    host = identityKey(address) as string
    const after = text.slice(close + 1)
    if (after !== '' && !after.startsWith(':')) throw malformed(name, 'host', 'only :port may follow the ] of an IPv6 address')
    portText = after === '' ? undefined : after.slice(1)
  } else {
    const colon = text.indexOf(':')
    if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) throw malformed(name, 'host', 'an IPv6 address goes in brackets: ssh://[2001:db8::1]:22')
    // A trailing root dot (web01.example.com.) names the same host.
    const written = (colon < 0 ? text : text.slice(0, colon)).replace(/(?<=.)\.$/, '')
    if (!HOST_NAME.test(written)) throw malformed(name, 'host', 'the host must be a name or address of letters, digits, . - and _ (no percent-escapes or globs)')
    host = HOSTLESS_SCHEMES.has(scheme) ? written : written.toLowerCase()
    portText = colon < 0 ? undefined : text.slice(colon + 1)
  }
  if (portText === undefined) return { host }
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : 0
  if (port < 1 || port > 65_535) throw malformed(name, 'port', 'the port must be a number from 1 to 65535')
  return { host, port }
}

function malformed(name: string, reason: string, why: string): CapstanError {
  return new CapstanError('VALIDATION_ERROR', { message: `targets: ${echo(name)} is not a uri target: ${why}`, details: { field: 'targets', reason } })
}

function passwordRefused(): CapstanError {
  return new CapstanError('VALIDATION_ERROR', {
    message: 'targets: a uri target with a password (user:password@host) is refused; give keys or passwords in the plugin\'s options, never in a target',
    details: { field: 'targets', reason: 'password' },
  })
}
