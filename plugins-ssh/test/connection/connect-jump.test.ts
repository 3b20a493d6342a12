// ProxyJump against OpenSSH: 127.0.0.1:$SSH_OTHER_PORT reached through 127.0.0.1:$SSH_PORT.
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { isCapstanError } from 'capstan'
import type { Client } from 'ssh2'
import { afterEach, expect, it } from 'vitest'
import { connectSsh } from '../../src/connection/connect.js'
import type { SshTarget } from '../../src/connection/ssh-target.js'
import { infraEnv } from '@capstan/test-support/infra-env'
import { execText, sshdTarget } from '../support/sshd-target.js'
import { connectionsBy, ourClientPorts, sessionPids, until } from './sshd-sockets.js'
import { scratchDir } from '@capstan/test-support/scratch-dir'
import { runningAsRoot, sshdRunning } from '../support/requirements.js'
import { needs } from '@capstan/test-support/requirement'

const env = infraEnv()
const infra = env.SSH_INFRA ?? ''
const mainPort = Number(env.SSH_PORT ?? 2222)
const otherPort = Number(env.SSH_OTHER_PORT ?? 2223)

const sshTarget = (port: number, overrides: Partial<SshTarget> = {}): SshTarget => sshdTarget({ port, ...overrides })
const viaMain = (port: number, overrides: Partial<SshTarget> = {}): SshTarget => sshTarget(port, { jump: sshTarget(mainPort), ...overrides })

const run = execText

async function failure(promise: Promise<unknown>): Promise<Error & { code?: string; details?: Record<string, unknown> }> {
  return promise.then(
    () => expect.fail('expected the connection to fail'),
    (error: unknown) => error as Error,
  )
}

async function listening(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as { port: number }).port
}

needs(sshdRunning, runningAsRoot).describe('connectSsh through a jump host (test/infra/start-sshd.sh)', () => {
  const clients: Client[] = []
  const servers: Server[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.end()
    for (const s of servers.splice(0)) s.close()
    // Every test leaves no connection of ours behind, to either server.
    await until(() => ourClientPorts(mainPort).length === 0 && ourClientPorts(otherPort).length === 0)
  })

  it('reaches the target through the jump: the connection to it comes from the jump host sshd, not from us', async () => {
    const client = await connectSsh(viaMain(otherPort))
    clients.push(client)
    const [, finalClientPort, , finalServerPort] = (await run(client, 'echo $SSH_CONNECTION')).split(' ')
    expect(Number(finalServerPort)).toBe(otherPort)
    // We hold one connection, to the jump host, and none to the target.
    expect(ourClientPorts(otherPort)).toEqual([])
    const jumpPorts = ourClientPorts(mainPort)
    expect(jumpPorts).toHaveLength(1)
    // The target's TCP peer is a socket held by the sshd serving our jump connection.
    const jumpSshd = sessionPids(mainPort, jumpPorts[0] as number)
    expect(jumpSshd.length).toBeGreaterThan(0)
    expect(connectionsBy(otherPort, jumpSshd).map((row) => row.localPort)).toEqual([Number(finalClientPort)])
    // Closing the target's connection ends the jump connection too.
    client.end()
    await until(() => ourClientPorts(mainPort).length === 0)
  })

  it('goes through a chain of two jump hosts', async () => {
    const client = await connectSsh(sshTarget(otherPort, { jump: sshTarget(mainPort, { jump: sshTarget(mainPort) }) }))
    clients.push(client)
    expect(await run(client, 'echo ok')).toBe('ok')
    // Only the first hop is a TCP connection of ours.
    expect(ourClientPorts(mainPort)).toHaveLength(1)
    expect(ourClientPorts(otherPort)).toHaveLength(0)
  })

  it('reports a host key mismatch of the jump host for the jump hop', async () => {
    const otherKey = readFileSync(join(infra, 'host-other.pub'), 'utf8').split(' ').slice(0, 2).join(' ')
    const knownHosts = join(scratchDir('capstan-ssh-'), 'known_hosts')
    writeFileSync(knownHosts, `[127.0.0.1]:${mainPort} ${otherKey}\n`)
    const error = await failure(connectSsh(sshTarget(otherPort, { jump: sshTarget(mainPort, { knownHosts }) })))
    expect(isCapstanError(error, 'UNAVAILABLE')).toBe(true)
    expect(error).toMatchObject({ retryable: false, details: { reason: 'host-key-mismatch', hop: `jump 127.0.0.1:${mainPort}`, port: mainPort, destination: `127.0.0.1:${otherPort}` } })
    expect(error.message).toContain(`host key mismatch for jump host capstan@127.0.0.1:${mainPort} (towards 127.0.0.1:${otherPort})`)
  })

  it('reports a host key mismatch of the target behind the jump for the target hop', async () => {
    const mainKey = readFileSync(join(infra, 'host-main.pub'), 'utf8').split(' ').slice(0, 2).join(' ')
    const knownHosts = join(scratchDir('capstan-ssh-'), 'known_hosts')
    writeFileSync(knownHosts, `[127.0.0.1]:${otherPort} ${mainKey}\n`)
    const error = await failure(connectSsh(viaMain(otherPort, { knownHosts })))
    expect(error).toMatchObject({ code: 'UNAVAILABLE', details: { reason: 'host-key-mismatch', hop: `target 127.0.0.1:${otherPort}`, port: otherPort } })
    expect(error.message).toContain(`host key mismatch for capstan@127.0.0.1:${otherPort} (through 127.0.0.1:${mainPort})`)
  })

  it('reports a closed port behind the jump as refused, seen from the jump host', async () => {
    const closed = createServer()
    const port = await listening(closed)
    await new Promise((resolve) => closed.close(resolve))
    const error = await failure(connectSsh(viaMain(port)))
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true, details: { reason: 'connection-refused', hop: `target 127.0.0.1:${port}`, port } })
    expect(error.message).toContain(`jump host capstan@127.0.0.1:${mainPort} could not open a connection to 127.0.0.1:${port}`)
    expect(error.message).toMatch(/refused/i)
    await until(() => ourClientPorts(mainPort).length === 0)
  })

  it('reports a destination the jump host may not forward to (PermitOpen) as not retryable', async () => {
    const error = await failure(connectSsh(sshTarget(mainPort, { host: '127.0.0.2', jump: sshTarget(mainPort) })))
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: false, details: { reason: 'forwarding-refused', hop: `target 127.0.0.2:${mainPort}` } })
    expect(error.message).toContain('does not allow forwarding there')
  })

  it('closes the target connection when the jump connection dies', async () => {
    const client = await connectSsh(viaMain(otherPort))
    clients.push(client)
    let closed = false
    client.once('close', () => (closed = true))
    const [jumpPort] = ourClientPorts(mainPort)
    const pids = sessionPids(mainPort, jumpPort as number)
    expect(pids.length).toBeGreaterThan(0)
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // Killing one of the pair may already have ended the other.
      }
    }
    await until(() => closed, 3000)
  })

  it('counts connectTimeoutMs for the whole chain and ends the jump connection on timeout', async () => {
    const silent = createServer(() => {})
    servers.push(silent)
    const port = await listening(silent)
    const started = Date.now()
    const error = await failure(connectSsh(viaMain(port, { connectTimeoutMs: 600, strictHostKeyChecking: false })))
    expect(Date.now() - started).toBeLessThan(1500)
    expect(error).toMatchObject({ code: 'UNAVAILABLE', details: { reason: 'timeout', hop: `target 127.0.0.1:${port}` } })
    expect(error.message).toContain('600 ms (connectTimeoutMs)')
    await until(() => ourClientPorts(mainPort).length === 0)
  })

  it('cancels the chain when the signal aborts and ends the jump connection', async () => {
    const silent = createServer(() => {})
    servers.push(silent)
    const port = await listening(silent)
    const error = await failure(connectSsh(viaMain(port, { strictHostKeyChecking: false }), AbortSignal.timeout(300)))
    expect(error).toMatchObject({ code: 'CANCELLED', details: { reason: 'cancelled', hop: `target 127.0.0.1:${port}` } })
    await until(() => ourClientPorts(mainPort).length === 0)
  })

  it('refuses a jump host with neither privateKey nor agent before connecting anywhere', async () => {
    const { privateKey: _unused, ...keyless } = sshTarget(mainPort)
    const error = await failure(connectSsh(sshTarget(otherPort, { jump: keyless })))
    expect(isCapstanError(error, 'CONFIG_ERROR')).toBe(true)
    expect(error).toMatchObject({ details: { field: 'privateKey', hop: `jump 127.0.0.1:${mainPort}` } })
    expect(error.message).toContain('neither privateKey nor agent')
  })
})
