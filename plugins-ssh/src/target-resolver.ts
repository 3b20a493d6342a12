import { userInfo } from 'node:os'
import { CapstanError, type Node, type SourceNode } from 'capstan'
import { parseProxyJump, type HostKeyPins, type SshTarget } from './connection/index.js'
import { DEFAULT_SSH_PORT } from './inventory/index.js'
import { nodeEndpoint, type NodeEndpoint } from './node-endpoint.js'
import type { PrivateKeys } from './private-keys.js'

/** Connection settings every node shares unless its inventory entry says otherwise. */
export interface TargetDefaults {
  user?: string | undefined
  port?: number | undefined
  /** The plugin's own key (privateKey or privateKeyPath), already read. */
  privateKey?: Buffer | string | undefined
  passphrase?: string | undefined
  agent?: string | undefined
  knownHosts: string
  strictHostKeyChecking: boolean
  /** Host keys of ad-hoc nodes (uri targets, `node.adHoc`): held on first use (accept-new), or none for strict. */
  adHocHostKeyPins?: HostKeyPins | undefined
  connectTimeoutMs: number
  keepaliveIntervalMs: number
}

/**
 * Turns inventory records into {@link SshTarget}s: the node's own settings
 * (ssh_config HostName, Port, User, IdentityFile, ProxyJump) first, then the
 * plugin's options, then OpenSSH's defaults (port 22, the local user,
 * `~/.ssh/id_ed25519`...). A ProxyJump host that is itself an inventory
 * alias gets that entry's settings, as OpenSSH applies the config to jump hosts.
 */
export class TargetResolver {
  readonly #defaults: TargetDefaults
  readonly #keys: PrivateKeys
  readonly #lookup: (name: string) => SourceNode | undefined

  constructor(defaults: TargetDefaults, keys: PrivateKeys, lookup: (name: string) => SourceNode | undefined) {
    this.#defaults = defaults
    this.#keys = keys
    this.#lookup = lookup
  }

  /** The target for a node record; its jump chain resolved too. */
  async targetFor(record: SourceNode | Node): Promise<SshTarget> {
    const endpoint = nodeEndpoint(record)
    const target = await this.#target(endpoint, record.id)
    // A uri target came from a caller, not from the operator's inventory: its host key policy is adHocHostKeys, strict unless relaxed.
    if ('adHoc' in record && record.adHoc === true) return adHocTarget(target, this.#defaults.adHocHostKeyPins)
    if (endpoint.proxyJump === undefined) return target
    let jump: SshTarget | undefined
    for (const hop of parseProxyJump(endpoint.proxyJump, {})) {
      const known = this.#lookup(hop.host)
      // The jump host's own ProxyJump is not followed: one chain per node, no loops.
      const hopBase: NodeEndpoint = known === undefined ? { hostname: hop.host } : nodeEndpoint(known)
      const { proxyJump: _nested, ...base } = hopBase
      const hopEndpoint: NodeEndpoint = {
        ...base,
        ...(hop.user === undefined ? {} : { user: hop.user }),
        ...(hop.port === undefined ? {} : { port: hop.port }),
      }
      const hopTarget = await this.#target(hopEndpoint, hop.host)
      jump = jump === undefined ? hopTarget : { ...hopTarget, jump }
    }
    return jump === undefined ? target : { ...target, jump }
  }

  async #target(endpoint: NodeEndpoint, name: string): Promise<SshTarget> {
    const d = this.#defaults
    const privateKey = (endpoint.identityFile === undefined ? undefined : await this.#keys.firstReadable(endpoint.identityFile, 'IdentityFile')) ?? d.privateKey ?? (d.agent === undefined ? await this.#keys.defaultIdentity() : undefined)
    if (privateKey === undefined && d.agent === undefined) {
      throw new CapstanError('CONFIG_ERROR', {
        message: `No SSH key for ${name}: set privateKeyPath, privateKey or agent, give the host an IdentityFile, or create ~/.ssh/id_ed25519`,
        details: { field: 'privateKeyPath', node: name },
      })
    }
    return {
      host: endpoint.hostname,
      port: endpoint.port ?? d.port ?? DEFAULT_SSH_PORT,
      username: endpoint.user ?? d.user ?? userInfo().username,
      ...(privateKey === undefined ? {} : { privateKey }),
      ...(d.passphrase === undefined ? {} : { passphrase: d.passphrase }),
      ...(d.agent === undefined ? {} : { agent: d.agent }),
      knownHosts: d.knownHosts,
      strictHostKeyChecking: d.strictHostKeyChecking,
      connectTimeoutMs: d.connectTimeoutMs,
      keepaliveIntervalMs: d.keepaliveIntervalMs,
    }
  }
}

/** An ad-hoc node's target: known_hosts strictly, or accept-new through `pins`. */
function adHocTarget(target: SshTarget, pins: HostKeyPins | undefined): SshTarget {
  return { ...target, strictHostKeyChecking: true, unknownHostAdvice: "set adHocHostKeys: 'accept-new' (it is a uri target)", ...(pins === undefined ? {} : { hostKeyPins: pins }) }
}
