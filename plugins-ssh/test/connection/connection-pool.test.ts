import { EventEmitter } from 'node:events'
import { execFileSync } from 'node:child_process'
import type { Client } from 'ssh2'
import { afterEach, describe, expect, it } from 'vitest'
import { ConnectionPool, MAX_CHANNELS_PER_LEASE } from '../../src/connection/connection-pool.js'
import type { SshTarget } from '../../src/connection/ssh-target.js'
import { infraEnv } from '@capstan/test-support/infra-env'
import { leaseText, sshdClientPort, sshdTarget } from '../support/sshd-target.js'
import { sshdRunning } from '../support/requirements.js'
import { needs } from '@capstan/test-support/requirement'

// ---- a fake ssh2 Client: enough for the pool's bookkeeping, no network.
class FakeClient extends EventEmitter {
  ended = false
  failExec = false
  end(): this {
    if (!this.ended) {
      this.ended = true
      queueMicrotask(() => this.emit('close'))
    }
    return this
  }
  exec(_command: string, _options: unknown, callback: (error: Error | undefined, channel: EventEmitter) => void): this {
    queueMicrotask(() => (this.failExec ? callback(new Error('Channel open failure'), new EventEmitter()) : callback(undefined, new EventEmitter())))
    return this
  }
}

function fakePool(options: { maxPerHost?: number; maxTotal?: number; idleMs?: number } = {}) {
  const opened: FakeClient[] = []
  const pool = new ConnectionPool({
    ...options,
    connect: async () => {
      const client = new FakeClient()
      opened.push(client)
      return client as unknown as Client
    },
  })
  return { pool, opened }
}

const target = (host: string): SshTarget => ({ host, port: 22, username: 'u', privateKey: '', knownHosts: '/dev/null' })

/** Settles within a turn of the event loop, or stays pending: "has it resolved yet?" without sleeping. */
async function settledSoon<T>(promise: Promise<T>): Promise<boolean> {
  let settled = false
  promise.then(
    () => (settled = true),
    () => (settled = true),
  )
  await new Promise((resolve) => setImmediate(resolve))
  return settled
}

describe('ConnectionPool (fake clients)', () => {
  it('does not share a connection between two keys for the same user@host:port', async () => {
    const { pool, opened } = fakePool()
    pool.release(await pool.acquire({ ...target('a'), privateKey: 'key one' }))
    const other = await pool.acquire({ ...target('a'), privateKey: 'key two' })
    expect(opened).toHaveLength(2)
    expect(other.client).toBe(opened[1])
    expect(other.key).toBe('u@a:22')
  })

  it('fresh: closes the idle connections to the target and opens a new one', async () => {
    const { pool, opened } = fakePool({ maxPerHost: 2 })
    const [one, two] = await Promise.all([pool.acquire(target('a')), pool.acquire(target('a'))])
    one.release()
    two.release()
    const fresh = await pool.acquire(target('a'), undefined, { fresh: true })
    expect(opened).toHaveLength(3)
    expect(fresh.client).toBe(opened[2])
    expect(opened.slice(0, 2).every((client) => client.ended)).toBe(true)
    expect(pool.stats()).toMatchObject({ total: 1, leased: 1, idle: 0 })
  })

  it('reuses a released connection for the same user@host:port and not for another', async () => {
    const { pool, opened } = fakePool()
    const first = await pool.acquire(target('a'))
    pool.release(first)
    const second = await pool.acquire(target('a'))
    expect(second.client).toBe(first.client)
    const other = await pool.acquire(target('b'))
    expect(other.client).not.toBe(first.client)
    expect(opened).toHaveLength(2)
    expect(second.key).toBe('u@a:22')
    pool.close()
  })

  it('queues per host in FIFO order and serves another host meanwhile', async () => {
    const { pool } = fakePool({ maxPerHost: 1 })
    const lease = await pool.acquire(target('a'))
    const order: number[] = []
    const w1 = pool.acquire(target('a')).then((l) => (order.push(1), l))
    const w2 = pool.acquire(target('a')).then((l) => (order.push(2), l))
    expect(await settledSoon(w1)).toBe(false)
    expect(await settledSoon(pool.acquire(target('b')))).toBe(true)
    expect(pool.stats()).toMatchObject({ waiting: 2 })
    lease.release()
    const l1 = await w1
    expect(l1.client).toBe(lease.client)
    expect(await settledSoon(w2)).toBe(false)
    l1.release()
    expect((await w2).client).toBe(lease.client)
    expect(order).toEqual([1, 2])
    pool.close()
  })

  it('bounds all connections by maxTotal, closing an idle one of another host to make room', async () => {
    const { pool, opened } = fakePool({ maxTotal: 2, maxPerHost: 2 })
    const a = await pool.acquire(target('a'))
    const b = await pool.acquire(target('b'))
    const c = pool.acquire(target('c'))
    expect(await settledSoon(c)).toBe(false)
    b.release()
    await c
    expect(opened[1]?.ended).toBe(true)
    expect(pool.stats()).toMatchObject({ total: 2, leased: 2, waiting: 0 })
    a.release()
    pool.close()
  })

  it('rejects a waiting acquire with CANCELLED when its signal aborts, and forgets it', async () => {
    const { pool } = fakePool()
    const lease = await pool.acquire(target('a'))
    const controller = new AbortController()
    const waiting = pool.acquire(target('a'), controller.signal)
    controller.abort(new Error('user gave up'))
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED', details: { target: 'u@a:22' } })
    expect(pool.stats().waiting).toBe(0)
    await expect(pool.acquire(target('a'), AbortSignal.abort())).rejects.toMatchObject({ code: 'CANCELLED' })
    lease.release()
    pool.close()
  })

  it('drops a connection whose channel fails to open and opens a new one next time', async () => {
    const { pool, opened } = fakePool()
    const lease = await pool.acquire(target('a'))
    ;(opened[0] as FakeClient).failExec = true
    await expect(lease.exec('true')).rejects.toMatchObject({ code: 'UNAVAILABLE', details: { reason: 'connection-lost' } })
    lease.release()
    const next = await pool.acquire(target('a'))
    expect(next.client).not.toBe(lease.client)
    expect(opened[0]?.ended).toBe(true)
    pool.close()
  })

  it(`limits a lease to ${MAX_CHANNELS_PER_LEASE} open channels`, async () => {
    const { pool } = fakePool()
    const lease = await pool.acquire(target('a'))
    const channels = await Promise.all(Array.from({ length: MAX_CHANNELS_PER_LEASE }, () => lease.exec('true')))
    await expect(lease.exec('true')).rejects.toMatchObject({ code: 'QUEUE_FULL' })
    channels[0]?.emit('close')
    await expect(lease.exec('true')).resolves.toBeDefined()
    pool.close()
  })

  it('close() ends every connection and fails waiting and later acquires', async () => {
    const { pool, opened } = fakePool()
    await pool.acquire(target('a'))
    const waiting = pool.acquire(target('a'))
    pool.close()
    await expect(waiting).rejects.toMatchObject({ code: 'UNAVAILABLE', details: { reason: 'pool-closed' } })
    await expect(pool.acquire(target('a'))).rejects.toMatchObject({ code: 'UNAVAILABLE' })
    expect(opened.every((c) => c.ended)).toBe(true)
  })

  it('a failed connect frees its slot for the next waiter', async () => {
    let attempts = 0
    const pool = new ConnectionPool({
      connect: async () => {
        attempts += 1
        if (attempts === 1) throw new Error('boom')
        return new FakeClient() as unknown as Client
      },
    })
    await expect(pool.acquire(target('a'))).rejects.toThrow('boom')
    await expect(pool.acquire(target('a'))).resolves.toBeDefined()
    expect(pool.stats()).toMatchObject({ total: 1, leased: 1 })
    pool.close()
  })
})

// ---- the real thing
const env = infraEnv()
const sshPort = Number(env.SSH_PORT ?? 2222)
const realTarget = (): SshTarget => sshdTarget({ port: sshPort })

const run = leaseText

const clientPort = sshdClientPort

/** Established TCP connections from `port` to sshd, counted by the kernel. */
function established(port: number): number {
  const out = execFileSync('ss', ['-Htn', 'state', 'established', `( sport = :${port} and dport = :${sshPort} )`], { encoding: 'utf8' })
  return out.split('\n').filter((l) => l.trim() !== '').length
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

needs(sshdRunning).describe('ConnectionPool against OpenSSH (test/infra/start-sshd.sh)', () => {
  let pool: ConnectionPool | undefined
  afterEach(() => pool?.close())

  it('reuses the same Client and TCP connection after release', async () => {
    pool = new ConnectionPool()
    const first = await pool.acquire(realTarget())
    expect(await run(first, 'echo ok')).toBe('ok')
    const port = await clientPort(first)
    first.release()
    const second = await pool.acquire(realTarget())
    expect(second.client).toBe(first.client)
    expect(await clientPort(second)).toBe(port)
    expect(established(port)).toBe(1)
    expect(pool.stats()).toMatchObject({ total: 1, leased: 1 })
  })

  it('with maxPerHost 1 a second acquire waits until the first lease is released', async () => {
    pool = new ConnectionPool({ maxPerHost: 1 })
    const first = await pool.acquire(realTarget())
    const second = pool.acquire(realTarget())
    expect(await settledSoon(second)).toBe(false)
    expect(pool.stats()).toMatchObject({ total: 1, waiting: 1 })
    first.release()
    const lease = await second
    expect(lease.client).toBe(first.client)
    expect(await run(lease, 'echo ok')).toBe('ok')
  })

  it('closes a connection idle for idleMs', async () => {
    pool = new ConnectionPool({ idleMs: 50 })
    const lease = await pool.acquire(realTarget())
    const port = await clientPort(lease)
    let closed = false
    lease.client.once('close', () => (closed = true))
    lease.release()
    await until(() => closed)
    expect(pool.stats().total).toBe(0)
    await until(() => established(port) === 0)
  })

  it('replaces a connection killed under it on the next acquire', async () => {
    pool = new ConnectionPool()
    const lease = await pool.acquire(realTarget())
    const port = await clientPort(lease)
    lease.release()
    let closed = false
    lease.client.once('close', () => (closed = true))
    lease.client.end()
    await until(() => closed)
    const next = await pool.acquire(realTarget())
    expect(next.client).not.toBe(lease.client)
    expect(await clientPort(next)).not.toBe(port)
    expect(await run(next, 'echo ok')).toBe('ok')
  })

  it('a lease whose connection died reports it and the pool recovers', async () => {
    pool = new ConnectionPool()
    const lease = await pool.acquire(realTarget())
    let closed = false
    lease.client.once('close', () => (closed = true))
    ;(lease.client as unknown as { _sock: { destroy(): void } })._sock.destroy()
    await until(() => closed)
    await expect(lease.exec('echo ok')).rejects.toMatchObject({ code: 'UNAVAILABLE' })
    lease.release()
    const next = await pool.acquire(realTarget())
    expect(await run(next, 'echo ok')).toBe('ok')
  })
})
