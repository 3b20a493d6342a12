import { CapstanError } from 'capstan'
import type { Client, ClientChannel, ExecOptions } from 'ssh2'
import { connectionLostError, poolClosedError, poolWaitCancelledError } from '../errors/pool-errors.js'
import { connectSsh } from './connect.js'
import { connectionIdentity } from './connection-identity.js'
import { targetKey, type SshTarget } from './ssh-target.js'

/**
 * Channels one lease may have open at once. A lease owns its connection
 * exclusively, and 10 is OpenSSH's default `MaxSessions`, so a lease never
 * trips a stock sshd's limit however many leases the pool hands out.
 */
export const MAX_CHANNELS_PER_LEASE = 10

/** Options of {@link ConnectionPool}. */
export interface ConnectionPoolOptions {
  /** Connections to one `user@host:port` with one set of credentials ({@link connectionIdentity}), open or opening. Default 1. */
  maxPerHost?: number | undefined
  /** Connections across all targets. Default 64. */
  maxTotal?: number | undefined
  /** An idle connection is closed after this long. Default 30 000. */
  idleMs?: number | undefined
  /** Opens a connection. Default {@link connectSsh}; tests pass a fake. */
  connect?: ((target: SshTarget, signal?: AbortSignal) => Promise<Client>) | undefined
}

/** A counter snapshot from {@link ConnectionPool.stats}. */
export interface ConnectionPoolStats {
  /** Connections open or opening. */
  total: number
  idle: number
  leased: number
  opening: number
  /** Acquires queued for a connection. */
  waiting: number
}

/**
 * Exclusive use of one connection until {@link ConnectionLease.release}.
 * Works with `using lease = await pool.acquire(...)`.
 */
export interface ConnectionLease extends Disposable {
  /** `user@host:port`. */
  readonly key: string
  /** The ssh2 client. Prefer {@link ConnectionLease.exec}, which notices a dead connection. */
  readonly client: Client
  /**
   * Opens an exec channel. At most {@link MAX_CHANNELS_PER_LEASE} at once (more
   * fail with QUEUE_FULL). A failed open marks the connection dead: the next
   * acquire gets a new one.
   */
  exec(command: string, options?: ExecOptions): Promise<ClientChannel>
  /** Tells the pool the connection is unusable (call after a failure seen on `client` directly). */
  markBroken(): void
  /** Gives the connection back. Idempotent. */
  release(): void
}

type State = 'opening' | 'idle' | 'leased' | 'dead'

interface PooledConnection {
  /** {@link connectionIdentity}: connections are shared only within one. */
  key: string
  /** `user@host:port`, for messages. */
  label: string
  state: State
  client?: Client
  idleTimer?: NodeJS.Timeout
}

interface Waiter {
  key: string
  label: string
  grant: (connection: PooledConnection) => void
}

/**
 * Reuses SSH connections per `user@host:port` and credentials (the same key,
 * agent and jump chain: {@link connectionIdentity}) under `maxPerHost` and `maxTotal`.
 * Acquires that cannot be served queue in arrival order; a waiter is served as
 * soon as a connection for its target is released or room frees up, and a
 * waiter for one host never blocks another host that can be served. A connection
 * that closes or errors, or fails to open a channel, is dropped; the next
 * acquire opens a new one.
 */
export class ConnectionPool {
  readonly #maxPerHost: number
  readonly #maxTotal: number
  readonly #idleMs: number
  readonly #connect: (target: SshTarget, signal?: AbortSignal) => Promise<Client>
  readonly #connections = new Set<PooledConnection>()
  readonly #waiters: Waiter[] = []
  #closed = false

  constructor(options: ConnectionPoolOptions = {}) {
    this.#maxPerHost = options.maxPerHost ?? 1
    this.#maxTotal = options.maxTotal ?? 64
    this.#idleMs = options.idleMs ?? 30_000
    this.#connect = options.connect ?? connectSsh
    if (!(this.#maxPerHost >= 1 && this.#maxTotal >= 1 && this.#idleMs >= 0)) {
      throw new CapstanError('CONFIG_ERROR', { message: 'ConnectionPool needs maxPerHost >= 1, maxTotal >= 1 and idleMs >= 0', details: { maxPerHost: this.#maxPerHost, maxTotal: this.#maxTotal, idleMs: this.#idleMs } })
    }
  }

  /**
   * A connection to `target`: an idle one, a new one, or the next one freed.
   * Rejects with CANCELLED when `signal` aborts while waiting or connecting, with
   * UNAVAILABLE when connecting fails (see {@link connectSsh}) or the pool is closed.
   *
   * `fresh: true` first closes the idle connections to the target: after one
   * of them turned out dead (the server restarted, say), its siblings are
   * suspect too, and a retry should not draw another of them.
   */
  async acquire(target: SshTarget, signal?: AbortSignal, options: { fresh?: boolean | undefined } = {}): Promise<ConnectionLease> {
    const key = connectionIdentity(target)
    const label = targetKey(target)
    this.#assertOpen(label)
    if (signal?.aborted) throw poolWaitCancelledError(label, signal)
    if (options.fresh === true) {
      for (const c of [...this.#connections]) if (c.key === key && c.state === 'idle') this.#drop(c, false)
    }
    const connection = await new Promise<PooledConnection>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.#waiters.indexOf(waiter)
        if (index !== -1) this.#waiters.splice(index, 1)
        reject(poolWaitCancelledError(label, signal as AbortSignal))
      }
      const waiter: Waiter = {
        key,
        label,
        grant: (granted) => {
          signal?.removeEventListener('abort', onAbort)
          resolve(granted)
        },
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.#waiters.push(waiter)
      this.#dispatch()
    })
    if (connection.state === 'opening') {
      try {
        const client = await this.#connect(target, signal)
        if (this.#closed) {
          client.end()
          throw poolClosedError(label)
        }
        connection.client = client
        connection.state = 'leased'
        client.once('close', () => this.#drop(connection))
        client.on('error', () => this.#drop(connection))
      } catch (error) {
        this.#drop(connection)
        throw error
      }
    }
    return this.#lease(connection)
  }

  /** Gives a lease's connection back (same as `lease.release()`). */
  release(lease: ConnectionLease): void {
    lease.release()
  }

  /** Counters for monitoring and tests. */
  stats(): ConnectionPoolStats {
    const stats = { total: this.#connections.size, idle: 0, leased: 0, opening: 0, waiting: this.#waiters.length }
    for (const c of this.#connections) if (c.state !== 'dead') stats[c.state] += 1
    return stats
  }

  /** Ends every connection and rejects queued acquires with UNAVAILABLE; later acquires fail the same way. */
  close(): void {
    this.#closed = true
    for (const waiter of this.#waiters.splice(0)) waiter.grant({ key: waiter.key, label: waiter.label, state: 'dead' })
    for (const connection of [...this.#connections]) {
      this.#drop(connection)
    }
  }

  [Symbol.dispose](): void {
    this.close()
  }

  #lease(connection: PooledConnection): ConnectionLease {
    const client = connection.client as Client
    if (connection.state === 'dead' || this.#closed) throw poolClosedError(connection.label)
    let released = false
    let openChannels = 0
    const release = (): void => {
      if (released) return
      released = true
      if (connection.state !== 'leased') return
      connection.state = 'idle'
      if (this.#idleMs !== Infinity) {
        connection.idleTimer = setTimeout(() => this.#drop(connection), this.#idleMs)
        connection.idleTimer.unref()
      }
      this.#dispatch()
    }
    return {
      key: connection.label,
      client,
      exec: (command, options = {}) =>
        new Promise<ClientChannel>((resolve, reject) => {
          if (released) return reject(new CapstanError('VALIDATION_ERROR', { message: `Lease on ${connection.label} was already released`, details: { target: connection.label } }))
          if (connection.state === 'dead') return reject(connectionLostError(connection.label))
          if (openChannels >= MAX_CHANNELS_PER_LEASE) {
            return reject(new CapstanError('QUEUE_FULL', { message: `A lease on ${connection.label} may have at most ${MAX_CHANNELS_PER_LEASE} channels open`, details: { target: connection.label, limit: MAX_CHANNELS_PER_LEASE } }))
          }
          openChannels += 1
          client.exec(command, options, (error, channel) => {
            if (error) {
              openChannels -= 1
              this.#drop(connection)
              return reject(connectionLostError(connection.label, error))
            }
            channel.once('close', () => {
              openChannels -= 1
            })
            resolve(channel)
          })
        }),
      markBroken: () => this.#drop(connection),
      release,
      [Symbol.dispose]: release,
    }
  }

  /** Serves queued acquires in order with whatever is free now. */
  #dispatch(): void {
    for (let i = 0; i < this.#waiters.length; ) {
      const waiter = this.#waiters[i] as Waiter
      const connection = this.#take(waiter.key, waiter.label)
      if (connection === undefined) {
        i += 1
        continue
      }
      this.#waiters.splice(i, 1)
      waiter.grant(connection)
    }
  }

  /** An idle connection for `key` (now leased), a reserved slot (state `opening`), or nothing. */
  #take(key: string, label: string): PooledConnection | undefined {
    let perHost = 0
    for (const c of this.#connections) {
      if (c.key !== key) continue
      if (c.state === 'idle') {
        clearTimeout(c.idleTimer)
        c.state = 'leased'
        return c
      }
      perHost += 1
    }
    if (perHost >= this.#maxPerHost) return undefined
    if (this.#connections.size >= this.#maxTotal) {
      // Full, but an idle connection to a host nobody waits for may make room.
      const waitedFor = new Set(this.#waiters.map((w) => w.key))
      const spare = [...this.#connections].find((c) => c.state === 'idle' && !waitedFor.has(c.key))
      if (spare === undefined) return undefined
      this.#drop(spare, false)
    }
    const reserved: PooledConnection = { key, label, state: 'opening' }
    this.#connections.add(reserved)
    return reserved
  }

  #drop(connection: PooledConnection, dispatch = true): void {
    if (!this.#connections.delete(connection)) return
    connection.state = 'dead'
    clearTimeout(connection.idleTimer)
    connection.client?.end()
    if (dispatch && !this.#closed) this.#dispatch()
  }

  #assertOpen(key: string): void {
    if (this.#closed) throw poolClosedError(key)
  }
}
