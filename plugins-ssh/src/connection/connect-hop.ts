import type { Duplex } from 'node:stream'
import { CapstanError } from 'capstan'
import { Client } from 'ssh2'
import type { ConnectFailureReason } from '../errors/connect-failure-reason.js'
import { hopFailure } from '../errors/hop-failure.js'
import type { Hop } from './hop.js'
import { hostKeyFingerprint, verifyHostKey, type KnownHostsEntry } from './known-hosts.js'

/** Aborts the chain's internal signal when `connectTimeoutMs` runs out. */
export const CHAIN_TIMEOUT = new Error('connectTimeoutMs elapsed')

/** Chain-wide settings every hop shares. */
export interface HopContext {
  /** `connectTimeoutMs` of the whole chain, for messages. */
  timeoutMs: number
  /** When the chain's time runs out (epoch ms). */
  deadline: number
  /** Aborted by the caller (its reason) or by the chain's timer ({@link CHAIN_TIMEOUT}). */
  signal: AbortSignal
}

/** `capstan@d:22`, `capstan@d:22 (through j:22)` or `jump host capstan@j:22 (towards d:22)`: how messages name a hop. */
export function describeHop(hop: Hop): string {
  if (hop.via !== undefined) return `jump host ${hop.name} (towards ${hop.via})`
  return hop.through === undefined ? hop.name : `${hop.name} (through ${hop.through})`
}

/** The error for an aborted chain signal: a timeout or a cancellation, at `hop`. */
export function abortFailure(hop: Hop, context: HopContext, doing: string): CapstanError {
  if (context.signal.reason === CHAIN_TIMEOUT) {
    return hopFailure(hop, 'timeout', `SSH connection to ${describeHop(hop)} timed out after ${context.timeoutMs} ms (connectTimeoutMs) while ${doing}`)
  }
  return hopFailure(hop, 'cancelled', `Cancelled while ${doing} (${describeHop(hop)})`, { cause: context.signal.reason })
}

/**
 * Connects, verifies the host key and authenticates one hop, over `sock` when
 * given (a channel forwarded by the previous hop) or over TCP.
 */
export function openHop(hop: Hop, entries: KnownHostsEntry[], context: HopContext, sock?: Duplex): Promise<Client> {
  const { target, port } = hop
  const who = describeHop(hop)
  const client = new Client()
  let hostKeyFailure: CapstanError | undefined
  const hostVerifier = (blob: Buffer): boolean => {
    const verdict = verifyHostKey(entries, target.host, port, blob)
    const fingerprint = hostKeyFingerprint(blob)
    const refuse = (reason: ConnectFailureReason, message: string): false => {
      hostKeyFailure = hopFailure(hop, reason, message, { retryable: false, extra: { fingerprint } })
      return false
    }
    switch (verdict.status) {
      case 'match':
        return true
      case 'unknown':
        if (target.hostKeyPins !== undefined) {
          if (target.hostKeyPins.accept(target.host, port, blob)) return true
          return refuse('host-key-mismatch', `SSH host key mismatch for ${who}: the server offered ${fingerprint}, not the key it offered when first accepted (accept-new)`)
        }
        if (target.strictHostKeyChecking === false) return true
        return refuse('host-key-unknown', `SSH host key unknown for ${who}: no entry in ${target.knownHosts} (offered ${fingerprint}); add it or ${target.unknownHostAdvice ?? 'turn strictHostKeyChecking off'}`)
      case 'mismatch':
        return refuse('host-key-mismatch', `SSH host key mismatch for ${who}: the server offered ${fingerprint}, which ${target.knownHosts} does not list for it`)
      case 'revoked':
        return refuse('host-key-revoked', `SSH host key of ${who} is revoked in ${target.knownHosts} (${fingerprint})`)
    }
  }
  const classify = (error: Error & { level?: string; code?: string }): CapstanError => {
    if (error.level === 'client-timeout') return hopFailure(hop, 'timeout', `SSH connection to ${who} timed out after ${context.timeoutMs} ms (connectTimeoutMs)`, { cause: error })
    if (error.level === 'client-authentication') {
      const method = target.privateKey === undefined ? 'agent' : target.agent === undefined ? 'publickey' : 'publickey, agent'
      return hopFailure(hop, 'authentication-failed', `SSH authentication failed (${method}) for ${who}: the server did not accept the key`, { cause: error, retryable: false })
    }
    if (error.code === 'ECONNREFUSED') return hopFailure(hop, 'connection-refused', `SSH connection refused by ${who}: nothing listens on port ${port}`, { cause: error })
    return hopFailure(hop, 'network', `SSH connection to ${who} failed: ${error.message}`, { cause: error })
  }

  return new Promise<Client>((resolve, reject) => {
    let settled = false
    const settle = (error?: CapstanError): void => {
      if (settled) return
      settled = true
      context.signal.removeEventListener('abort', onAbort)
      client.removeListener('ready', onReady)
      if (error === undefined) {
        resolve(client)
      } else {
        client.end()
        sock?.destroy()
        reject(error)
      }
    }
    const onAbort = (): void => settle(abortFailure(hop, context, 'connecting'))
    const onReady = (): void => settle()
    // Stays after success: a late error must not crash the process; owners watch `close`.
    client.on('error', (error: Error & { level?: string; code?: string }) => {
      if (!settled) settle(hostKeyFailure ?? classify(error))
    })
    client.once('close', () => settle(hostKeyFailure ?? hopFailure(hop, 'network', `SSH connection to ${who} closed during the handshake`)))
    client.once('ready', onReady)
    if (context.signal.aborted) return onAbort()
    context.signal.addEventListener('abort', onAbort, { once: true })

    try {
      client.connect({
        ...(sock === undefined ? { host: target.host, port } : { sock }),
        username: target.username,
        ...(target.privateKey === undefined ? {} : { privateKey: target.privateKey }),
        ...(target.passphrase === undefined ? {} : { passphrase: target.passphrase }),
        ...(target.agent === undefined ? {} : { agent: target.agent }),
        hostVerifier,
        readyTimeout: Math.max(1, context.deadline - Date.now()),
        keepaliveInterval: target.keepaliveIntervalMs ?? 15_000,
        keepaliveCountMax: 3,
      })
    } catch (error) {
      // ssh2 parses the key synchronously; its message names the problem, never the key.
      settle(hopFailure(hop, 'private-key-unusable', `SSH private key for ${who} cannot be used (${error instanceof Error ? error.message : 'unreadable'}): check the key format and passphrase`, { cause: error, retryable: false }))
    }
  })
}

/**
 * Asks `jump` (already connected) to open a TCP connection to `next`'s
 * host and port, as OpenSSH's ProxyJump does (a `direct-tcpip` channel).
 */
export function forwardTo(jump: Client, jumpHop: Hop, next: Hop, context: HopContext): Promise<Duplex> {
  return new Promise<Duplex>((resolve, reject) => {
    let settled = false
    const onAbort = (): void => {
      settled = true
      reject(abortFailure(next, context, `asking ${jumpHop.name} to forward to port ${next.port}`))
    }
    if (context.signal.aborted) return onAbort()
    context.signal.addEventListener('abort', onAbort, { once: true })
    jump.forwardOut('127.0.0.1', 0, next.target.host, next.port, (error, channel) => {
      context.signal.removeEventListener('abort', onAbort)
      if (settled) {
        channel?.destroy()
        return
      }
      settled = true
      if (error === undefined || error === null) return resolve(channel)
      // OpenSSH answers 1 (administratively prohibited) when PermitOpen or
      // AllowTcpForwarding forbid it, 2 (connect failed) when the destination refuses.
      const code = (error as Error & { reason?: number }).reason
      const message = `SSH jump host ${jumpHop.name} could not open a connection to ${next.target.host}:${next.port}: ${error.message.replace(/^\(SSH\) /, '')}`
      if (code === 1) return reject(hopFailure(next, 'forwarding-refused', `${message} (the jump host does not allow forwarding there)`, { cause: error, retryable: false }))
      if (code === 2 && /refused/i.test(error.message)) return reject(hopFailure(next, 'connection-refused', `${message}: nothing listens on port ${next.port} as seen from the jump host`, { cause: error }))
      reject(hopFailure(next, 'network', message, { cause: error }))
    })
  })
}
