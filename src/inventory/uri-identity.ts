import { uriAuthority } from './uri-authority.js'

/** Schemes whose "host" names a container or nothing, never a machine. */
export const HOSTLESS_SCHEMES: ReadonlySet<string> = new Set(['local', 'docker', 'podman', 'lxd', 'jail'])

/** Ports a scheme uses when none is given: an explicit other port means another endpoint on that host. */
export const DEFAULT_PORTS: Readonly<Record<string, readonly string[]>> = { ssh: ['22'], winrm: ['5985', '5986'], http: ['80'], https: ['443'] }

/**
 * The host of a node's `uri` when it identifies the machine, for linking:
 * - none for `local://`, `docker://` and similar (their "host" is a name, not a machine);
 * - none when the uri gives a non-default port (`web:2222` and `web:2223` are two
 *   endpoints, often two containers, on one host, and must not merge).
 * A uri without a scheme is read as `ssh`.
 */
export function uriIdentity(uri: string): string | undefined {
  const { scheme = 'ssh', host, port } = uriAuthority(uri)
  if (HOSTLESS_SCHEMES.has(scheme)) return undefined
  if (port !== undefined && !(DEFAULT_PORTS[scheme] ?? []).includes(port)) return undefined
  return host
}
