// The pool against a real sshd, counted from the server's side with `ss -tnp`:
// reuse, maxPerHost, a killed connection, keepalive.
import { afterEach, expect, it } from 'vitest'
import { ConnectionPool } from '../../src/connection/connection-pool.js'
import type { SshTarget } from '../../src/connection/ssh-target.js'
import { infraEnv } from '@capstan/test-support/infra-env'
import { leaseText, sshdClientPort, sshdTarget } from '../support/sshd-target.js'
import { ourClientPorts, serverSideOfOurs, sessionPids, signalAll, until } from './sshd-sockets.js'
import { runningAsRoot, sshdRunning } from '../support/requirements.js'
import { needs } from '@capstan/test-support/requirement'

const env = infraEnv()
const sshPort = Number(env.SSH_PORT ?? 2222)
const realTarget = (overrides: Partial<SshTarget> = {}): SshTarget => sshdTarget({ port: sshPort, ...overrides })

const run = leaseText

const clientPort = sshdClientPort

needs(sshdRunning, runningAsRoot).describe('ConnectionPool seen from sshd (ss -tnp)', () => {
  let pool: ConnectionPool | undefined
  const stopped: number[] = []
  afterEach(() => {
    pool?.close()
    // Processes a test stopped: let them go, then end them (they serve only that test's connection).
    signalAll(stopped, 'SIGCONT')
    signalAll(stopped.splice(0), 'SIGKILL')
  })

  it('serves two acquire/run/release rounds over one TCP connection', async () => {
    expect(serverSideOfOurs(sshPort)).toHaveLength(0)
    pool = new ConnectionPool()
    const seen = new Set<number>()
    for (let round = 0; round < 2; round += 1) {
      const lease = await pool.acquire(realTarget())
      expect(await run(lease, 'echo ok')).toBe('ok')
      for (const row of serverSideOfOurs(sshPort)) seen.add(row.peerPort)
      lease.release()
    }
    expect(seen.size).toBe(1)
    expect(serverSideOfOurs(sshPort)).toHaveLength(1)
  })

  it('with maxPerHost 3, six concurrent leases never make sshd see more than 3 connections', async () => {
    pool = new ConnectionPool({ maxPerHost: 3 })
    const active = pool
    let most = 0
    let sampling = true
    const sampler = (async () => {
      for (let i = 0; i < 500 && sampling; i += 1) {
        most = Math.max(most, serverSideOfOurs(sshPort).length)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    })()
    const ports = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const lease = await active.acquire(realTarget())
        try {
          const port = await clientPort(lease)
          await run(lease, 'sleep 0.3')
          return port
        } finally {
          lease.release()
        }
      }),
    )
    sampling = false
    await sampler
    expect(most).toBe(3)
    expect(new Set(ports).size).toBe(3)
    expect(pool.stats()).toMatchObject({ total: 3, idle: 3, waiting: 0 })
  })

  it('replaces an idle connection whose sshd was killed', async () => {
    pool = new ConnectionPool()
    const lease = await pool.acquire(realTarget())
    const port = await clientPort(lease)
    const first = lease.client
    lease.release()
    const pids = sessionPids(sshPort, port)
    expect(pids.length).toBeGreaterThan(0)
    signalAll(pids, 'SIGKILL')
    await until(() => pool?.stats().total === 0)
    expect(ourClientPorts(sshPort)).not.toContain(port)
    const next = await pool.acquire(realTarget())
    expect(next.client).not.toBe(first)
    expect(await run(next, 'echo ok')).toBe('ok')
    expect(await clientPort(next)).not.toBe(port)
    expect(pool.stats()).toEqual({ total: 1, idle: 0, leased: 1, opening: 0, waiting: 0 })
  })

  it('drops a connection whose sshd stopped answering within about 3 keepalive intervals', async () => {
    const intervalMs = 200
    pool = new ConnectionPool()
    const lease = await pool.acquire(realTarget({ keepaliveIntervalMs: intervalMs }))
    const port = await clientPort(lease)
    lease.release()
    const pids = sessionPids(sshPort, port)
    expect(pids.length).toBeGreaterThan(0)
    stopped.push(...pids)
    signalAll(pids, 'SIGSTOP')
    const started = Date.now()
    let closed = false
    lease.client.once('close', () => (closed = true))
    await until(() => pool?.stats().total === 0, 20 * intervalMs)
    const elapsed = Date.now() - started
    // ssh2 gives up on the 4th tick after 3 unanswered keepalives.
    expect(elapsed).toBeGreaterThanOrEqual(2 * intervalMs)
    expect(elapsed).toBeLessThan(6 * intervalMs)
    await until(() => closed, 2000)
    expect(ourClientPorts(sshPort)).not.toContain(port)
  })
})
