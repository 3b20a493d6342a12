import type { HostKeyPins } from './host-key-pins.js'

/** Where and as whom to open an SSH connection. */
export interface SshTarget {
  /** Host name or address to connect to (through `jump`, as the jump host resolves it). */
  host: string
  /** Default 22. */
  port?: number | undefined
  /** Login name. */
  username: string
  /**
   * An OpenSSH or PEM private key. Never logged or put in errors. Optional
   * when `agent` is given; a target with neither is a CONFIG_ERROR.
   */
  privateKey?: Buffer | string | undefined
  /** For an encrypted `privateKey`. Never logged or put in errors. */
  passphrase?: string | undefined
  /**
   * Path of an ssh-agent socket (as in `SSH_AUTH_SOCK`) whose keys are offered.
   * The plugin never reads the environment itself: pass `process.env.SSH_AUTH_SOCK` explicitly.
   */
  agent?: string | undefined
  /** Path of an OpenSSH known_hosts file. A missing file knows no host. */
  knownHosts: string
  /**
   * Default true: a host without a known_hosts entry is refused. False accepts
   * unknown hosts; a host whose entry lists another key is refused either way.
   */
  strictHostKeyChecking?: boolean | undefined
  /**
   * Accept-new: a host missing from known_hosts is accepted the first time
   * and held to that key afterwards (see {@link HostKeyPins}); without it,
   * `strictHostKeyChecking` decides.
   */
  hostKeyPins?: HostKeyPins | undefined
  /** How the refusal of a host missing from known_hosts says to relax it (default: turn strictHostKeyChecking off). */
  unknownHostAdvice?: string | undefined
  /**
   * Limit on TCP connect, handshake and authentication together, for the whole
   * chain when there are jump hosts (the jumps' own values are not used). Default 10 000.
   */
  connectTimeoutMs?: number | undefined
  /** SSH-level keepalive interval; 3 unanswered keepalives drop the connection. Default 15 000; 0 turns it off. */
  keepaliveIntervalMs?: number | undefined
  /**
   * A jump host (OpenSSH `ProxyJump`): connect to it first (verified and
   * authenticated the same way) and reach this target through a TCP connection
   * it forwards. It may have its own `jump`, for a chain of several hops; the
   * innermost `jump` is the first host connected to. See {@link parseProxyJump}.
   */
  jump?: SshTarget | undefined
}

/** `user@host:port`: the pool's key and what errors name. */
export function targetKey(target: Pick<SshTarget, 'host' | 'port' | 'username'>): string {
  return `${target.username}@${target.host}:${target.port ?? 22}`
}
