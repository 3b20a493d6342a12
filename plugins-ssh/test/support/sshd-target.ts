// Targets on the real sshd of test/infra/start-sshd.sh, for the connection suites.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import type { Client } from 'ssh2'
import type { SshTarget } from '../../src/connection/ssh-target.js'
import type { ConnectionLease } from '../../src/connection/connection-pool.js'
import { infraEnv } from '@capstan/test-support/infra-env'

const env = infraEnv()

/** The test user on the main sshd with the client key, known_hosts checked; `overrides` change any field. */
export function sshdTarget(overrides: Partial<SshTarget> = {}): SshTarget {
  return {
    host: env.SSH_HOST ?? '127.0.0.1',
    port: Number(env.SSH_PORT ?? 2222),
    username: env.SSH_USER ?? 'capstan',
    privateKey: env.SSH_KEY === undefined ? '' : readFileSync(env.SSH_KEY),
    knownHosts: join(env.SSH_INFRA ?? '', 'known_hosts'),
    connectTimeoutMs: 5000,
    ...overrides,
  }
}

/** Runs `command` on a plain exec channel and resolves with its trimmed stdout. */
export function execText(client: Client, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, channel) => {
      if (error) return reject(error)
      let out = ''
      channel.on('data', (chunk: Buffer) => (out += chunk.toString()))
      channel.stderr.resume()
      channel.on('close', () => resolve(out.trim()))
    })
  })
}

/** Runs `command` on a channel of `lease` (through `lease.exec`) and resolves with its trimmed stdout. */
export async function leaseText(lease: ConnectionLease, command: string): Promise<string> {
  const channel = await lease.exec(command)
  let out = ''
  channel.on('data', (chunk: Buffer) => (out += chunk.toString()))
  channel.stderr.resume()
  await new Promise((resolve) => channel.once('close', resolve))
  return out.trim()
}

/** The lease's TCP source port as sshd sees it (`$SSH_CONNECTION`: client-ip client-port server-ip server-port). */
export async function sshdClientPort(lease: ConnectionLease): Promise<number> {
  return Number((await leaseText(lease, 'echo $SSH_CONNECTION')).split(' ')[1])
}

/** A local TCP port nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}
