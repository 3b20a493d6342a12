/** What a node falls back to when neither ssh_config nor the host entry says. */
export interface SshNodeDefaults {
  /** Login user; when absent too, the node has no user and the connection decides (OpenSSH uses the local user). */
  user?: string | undefined
  /** Port; 22 when absent. */
  port?: number | undefined
}

/** The port OpenSSH connects to when nothing says otherwise. */
export const DEFAULT_SSH_PORT = 22

/** True for an integer TCP port, 1 to 65535. */
export function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535
}

/**
 * `ssh://user@host:port`, with an IPv6 host in brackets and the user
 * percent-encoded, so `hostOfUri` and any URL parser read it back.
 */
export function sshUri(hostname: string, port: number, user?: string): string {
  const host = hostname.includes(':') ? `[${hostname}]` : hostname
  const userInfo = user === undefined ? '' : `${encodeURIComponent(user)}@`
  return `ssh://${userInfo}${host}:${port}`
}
