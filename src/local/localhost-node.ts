import os from 'node:os'
import type { SourceNode } from '../capabilities/models/node.js'
import { resolveFqdn, type ResolveFqdnOptions } from './resolve-fqdn.js'

/** Options of {@link localhostNode}. */
export interface LocalhostNodeOptions extends ResolveFqdnOptions {
  /** This machine's hostname; defaults to `os.hostname()`. */
  hostname?: string
  /** Its fully qualified name, when the caller already knows it (from facts); else resolved. */
  fqdn?: string
}

/**
 * The implicit `localhost` node, which Bolt also provides without any
 * inventory entry: transport `local`, in no group. Its aliases are this
 * machine's hostname and FQDN, so the node links with what other sources
 * (PuppetDB certnames, an SSH inventory) call this machine.
 *
 * No IP addresses are given as identifiers: 127.0.0.1 is every machine's
 * loopback, and linking on it would merge unrelated nodes.
 */
export async function localhostNode(options: LocalhostNodeOptions = {}): Promise<SourceNode> {
  const hostname = options.hostname ?? os.hostname()
  const fqdn = options.fqdn ?? (await resolveFqdn(hostname, options)).fqdn
  const aliases = [...new Set([hostname, hostname.split('.')[0] ?? hostname, fqdn])].filter((name) => name !== '' && name !== 'localhost')
  return {
    id: 'localhost',
    name: 'localhost',
    aliases,
    transport: 'local',
    groups: [],
    config: { transport: 'local' },
  }
}
