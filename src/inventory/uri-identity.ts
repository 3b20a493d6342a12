import { hostOfUri } from './host-of-uri.js'

/** Schemes whose "host" names a container or nothing, never a machine. */
const hostlessSchemes = new Set(['local', 'docker', 'podman', 'lxd', 'jail'])

/** Ports a scheme uses when none is given: an explicit other port means another endpoint on that host. */
const defaultPorts: Readonly<Record<string, readonly string[]>> = { ssh: ['22'], winrm: ['5985', '5986'], http: ['80'], https: ['443'] }

/**
 * The host of a node's `uri` when it identifies the machine, for linking:
 * - none for `local://`, `docker://` and similar (their "host" is a name, not a machine);
 * - none when the uri gives a non-default port (`web:2222` and `web:2223` are two
 *   endpoints, often two containers, on one host, and must not merge).
 */
export function uriIdentity(uri: string): string | undefined {
  const text = uri.trim()
  const schemeEnd = text.indexOf('://')
  const scheme = schemeEnd < 0 ? 'ssh' : text.slice(0, schemeEnd).toLowerCase()
  if (hostlessSchemes.has(scheme)) return undefined
  const port = portOf(schemeEnd < 0 ? text : text.slice(schemeEnd + 3))
  if (port !== undefined && !(defaultPorts[scheme] ?? []).includes(port)) return undefined
  return hostOfUri(text)
}

function portOf(rest: string): string | undefined {
  const authority = rest.split(/[/?#]/, 1)[0] ?? ''
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1)
  const match = hostPort.startsWith('[') ? /\]:(\d+)$/.exec(hostPort) : /^[^:]*:(\d+)$/.exec(hostPort)
  return match?.[1]
}
