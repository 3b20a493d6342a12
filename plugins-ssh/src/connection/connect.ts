import { readFile } from 'node:fs/promises'
import { CapstanError } from 'capstan'
import { Client } from 'ssh2'
import { hostKeyFingerprint, parseKnownHosts, verifyHostKey } from './known-hosts.js'

/** Where and as whom to open an SSH connection. */
export interface SshTarget {
  host: string
  /** Default 22. */
  port?: number
  username: string
  /** An OpenSSH or PEM private key. Never logged or put in errors. */
  privateKey: Buffer | string
  /** For an encrypted `privateKey`. Never logged or put in errors. */
  passphrase?: string
  /** Path of an OpenSSH known_hosts file. A missing file knows no host. */
  knownHosts: string
  /**
   * Default true: a host without a known_hosts entry is refused. False accepts
   * unknown hosts; a host whose entry lists another key is refused either way.
   */
  strictHostKeyChecking?: boolean
  /** Limit on TCP connect, handshake and authentication together. Default 10 000. */
  connectTimeoutMs?: number
  /** SSH-level keepalive interval; 3 unanswered keepalives drop the connection. Default 15 000; 0 turns it off. */
  keepaliveIntervalMs?: number
}

/** Why a connection could not be opened, as in the `reason` of a CapstanError's details. */
export type ConnectFailureReason =
  | 'connection-refused'
  | 'timeout'
  | 'network'
  | 'authentication-failed'
  | 'private-key-unusable'
  | 'host-key-mismatch'
  | 'host-key-unknown'
  | 'host-key-revoked'
  | 'cancelled'

/** `user@host:port`: the pool's key and what errors name. */
export function targetKey(target: Pick<SshTarget, 'host' | 'port' | 'username'>): string {
  return `${target.username}@${target.host}:${target.port ?? 22}`
}

/**
 * Opens one authenticated ssh2 `Client`, verifying the server's host key
 * against `target.knownHosts`. Fails with UNAVAILABLE whose `details.reason` says
 * why ({@link ConnectFailureReason}); authentication and host key failures are
 * not retryable. Aborting `signal` ends the attempt with CANCELLED.
 *
 * The returned client keeps an `error` listener so a late error cannot crash
 * the process; owners watch its `close` event, which always follows.
 */
export async function connectSsh(target: SshTarget, signal?: AbortSignal): Promise<Client> {
  const port = target.port ?? 22
  const timeoutMs = target.connectTimeoutMs ?? 10_000
  const where = { host: target.host, port, user: target.username }
  const name = targetKey(target)
  const fail = (reason: ConnectFailureReason, message: string, options: { cause?: unknown; retryable?: boolean; extra?: Record<string, unknown> } = {}): CapstanError =>
    new CapstanError(reason === 'cancelled' ? 'CANCELLED' : 'UNAVAILABLE', {
      message,
      details: { ...where, reason, ...options.extra },
      ...(options.cause === undefined ? {} : { cause: options.cause }),
      ...(options.retryable === undefined ? {} : { retryable: options.retryable }),
    })

  if (signal?.aborted) throw fail('cancelled', `Cancelled before connecting to ${name}`, { cause: signal.reason })
  const entries = parseKnownHosts(await readKnownHosts(target.knownHosts))
  if (signal?.aborted) throw fail('cancelled', `Cancelled before connecting to ${name}`, { cause: signal.reason })

  const client = new Client()
  let hostKeyFailure: CapstanError | undefined
  const hostVerifier = (blob: Buffer): boolean => {
    const verdict = verifyHostKey(entries, target.host, port, blob)
    const fingerprint = hostKeyFingerprint(blob)
    switch (verdict.status) {
      case 'match':
        return true
      case 'unknown':
        if (target.strictHostKeyChecking === false) return true
        hostKeyFailure = fail('host-key-unknown', `SSH host key unknown for ${name}: no entry in ${target.knownHosts} (offered ${fingerprint}); add it or turn strictHostKeyChecking off`, { retryable: false, extra: { fingerprint } })
        return false
      case 'mismatch':
        hostKeyFailure = fail('host-key-mismatch', `SSH host key mismatch for ${name}: the server offered ${fingerprint}, which ${target.knownHosts} does not list for it`, { retryable: false, extra: { fingerprint } })
        return false
      case 'revoked':
        hostKeyFailure = fail('host-key-revoked', `SSH host key of ${name} is revoked in ${target.knownHosts} (${fingerprint})`, { retryable: false, extra: { fingerprint } })
        return false
    }
  }

  return new Promise<Client>((resolve, reject) => {
    let settled = false
    const settle = (error?: CapstanError): void => {
      if (settled) return
      settled = true
      signal?.removeEventListener('abort', onAbort)
      client.removeListener('ready', onReady)
      if (error === undefined) {
        resolve(client)
      } else {
        client.end()
        reject(error)
      }
    }
    const onAbort = (): void => settle(fail('cancelled', `Cancelled while connecting to ${name}`, { cause: signal?.reason }))
    const onReady = (): void => settle()
    client.on('error', (error: Error & { level?: string; code?: string }) => {
      if (!settled) settle(hostKeyFailure ?? classify(error))
    })
    client.once('close', () => settle(hostKeyFailure ?? fail('network', `SSH connection to ${name} closed during the handshake`)))
    client.once('ready', onReady)
    signal?.addEventListener('abort', onAbort, { once: true })

    const classify = (error: Error & { level?: string; code?: string }): CapstanError => {
      if (error.level === 'client-timeout') return fail('timeout', `SSH connection to ${name} timed out after ${timeoutMs} ms (connectTimeoutMs)`, { cause: error })
      if (error.level === 'client-authentication') return fail('authentication-failed', `SSH authentication failed (publickey) for ${name}: the server did not accept the key`, { cause: error, retryable: false })
      if (error.code === 'ECONNREFUSED') return fail('connection-refused', `SSH connection refused by ${name}: nothing listens on port ${port}`, { cause: error })
      return fail('network', `SSH connection to ${name} failed: ${error.message}`, { cause: error })
    }

    try {
      client.connect({
        host: target.host,
        port,
        username: target.username,
        privateKey: target.privateKey,
        ...(target.passphrase === undefined ? {} : { passphrase: target.passphrase }),
        hostVerifier,
        readyTimeout: timeoutMs,
        keepaliveInterval: target.keepaliveIntervalMs ?? 15_000,
        keepaliveCountMax: 3,
      })
    } catch (error) {
      // ssh2 parses the key synchronously; its message names the problem, never the key.
      settle(fail('private-key-unusable', `SSH private key for ${name} cannot be used (${error instanceof Error ? error.message : 'unreadable'}): check the key format and passphrase`, { cause: error, retryable: false }))
    }
  })
}

async function readKnownHosts(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ''
    throw new CapstanError('CONFIG_ERROR', { message: `Cannot read known_hosts file ${path}`, details: { path }, cause: error })
  }
}
