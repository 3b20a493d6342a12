import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { isCapstanError } from 'capstan'
import type { Client } from 'ssh2'
import { afterEach, expect, it } from 'vitest'
import { connectSsh } from '../../src/connection/connect.js'
import type { SshTarget } from '../../src/connection/ssh-target.js'
import { infraEnv } from '@capstan/test-support/infra-env'
import { closedPort, execText, sshdTarget } from '../support/sshd-target.js'
import { scratchDir } from '@capstan/test-support/scratch-dir'
import { sshdRunning } from '../support/requirements.js'
import { needs } from '@capstan/test-support/requirement'

const env = infraEnv()
const infra = env.SSH_INFRA ?? ''

const sshTarget = sshdTarget

const run = execText

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected the connection to fail'),
    (error: unknown) => error,
  )
}

function fingerprintOf(pubFile: string): string {
  const blob = Buffer.from(readFileSync(pubFile, 'utf8').split(' ')[1] as string, 'base64')
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
}

needs(sshdRunning).describe('connectSsh against OpenSSH (test/infra/start-sshd.sh)', () => {
  const clients: Client[] = []
  afterEach(() => {
    for (const c of clients.splice(0)) c.end()
  })
  const open = async (target: SshTarget): Promise<Client> => {
    const client = await connectSsh(target)
    clients.push(client)
    return client
  }

  it('connects with a verified host key and runs a command', async () => {
    const client = await open(sshTarget())
    expect(await run(client, 'echo ok')).toBe('ok')
  })

  it('connects with a passphrase-protected key', async () => {
    const client = await open(
      sshTarget({ privateKey: readFileSync(join(infra, 'client-encrypted')), passphrase: readFileSync(join(infra, 'client-passphrase'), 'utf8').trim() }),
    )
    expect(await run(client, 'echo ok')).toBe('ok')
  })

  it('refuses an encrypted key with a wrong passphrase without naming the passphrase', async () => {
    const error = await failure(connectSsh(sshTarget({ privateKey: readFileSync(join(infra, 'client-encrypted')), passphrase: 'not-the-passphrase' })))
    expect(isCapstanError(error, 'UNAVAILABLE')).toBe(true)
    expect(error).toMatchObject({ retryable: false, details: { reason: 'private-key-unusable' } })
    expect((error as Error).message).not.toContain('not-the-passphrase')
  })

  it('reports a key the server does not accept as an authentication failure', async () => {
    const key = readFileSync(join(infra, 'stranger'), 'utf8')
    const error = await failure(connectSsh(sshTarget({ privateKey: key })))
    expect(isCapstanError(error, 'UNAVAILABLE')).toBe(true)
    expect(error).toMatchObject({ retryable: false, details: { host: '127.0.0.1', port: 2222, user: 'capstan', reason: 'authentication-failed' } })
    expect((error as Error).message).toMatch(/authentication failed \(publickey\) for capstan@127\.0\.0\.1:2222/)
    expect((error as Error).message).not.toContain('PRIVATE KEY')
    expect(JSON.stringify((error as { toJSON(): unknown }).toJSON())).not.toContain(key.split('\n')[1] as string)
  })

  it('reports a closed port as connection refused, quickly', async () => {
    const port = await closedPort()
    const started = Date.now()
    const error = await failure(connectSsh(sshTarget({ port, connectTimeoutMs: 10_000 })))
    expect(Date.now() - started).toBeLessThan(2000)
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true, details: { port, reason: 'connection-refused' } })
    expect((error as Error).message).toMatch(/connection refused/)
  })

  it('reports a server that never answers as a timeout naming connectTimeoutMs', async () => {
    const silent = createServer(() => {})
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = silent.address() as { port: number }
      const error = await failure(connectSsh(sshTarget({ port, connectTimeoutMs: 300, strictHostKeyChecking: false })))
      expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true, details: { reason: 'timeout' } })
      expect((error as Error).message).toMatch(/timed out after 300 ms \(connectTimeoutMs\)/)
    } finally {
      silent.close()
    }
  })

  it('refuses a host key that differs from known_hosts and names the offered fingerprint', async () => {
    const mainKey = readFileSync(join(infra, 'host-main.pub'), 'utf8').split(' ').slice(0, 2).join(' ')
    const otherPort = Number(env.SSH_OTHER_PORT ?? 2223)
    const knownHosts = join(scratchDir('capstan-ssh-'), 'known_hosts')
    writeFileSync(knownHosts, `[127.0.0.1]:${otherPort} ${mainKey}\n`)
    const error = await failure(connectSsh(sshTarget({ port: otherPort, knownHosts })))
    const fingerprint = fingerprintOf(join(infra, 'host-other.pub'))
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: false, details: { port: otherPort, reason: 'host-key-mismatch', fingerprint } })
    expect((error as Error).message).toContain(`host key mismatch for capstan@127.0.0.1:${otherPort}`)
    expect((error as Error).message).toContain(fingerprint)
    // Turning strict checking off does not accept a changed key.
    await expect(connectSsh(sshTarget({ port: otherPort, knownHosts, strictHostKeyChecking: false }))).rejects.toMatchObject({ details: { reason: 'host-key-mismatch' } })
  })

  it('refuses an unknown host unless strictHostKeyChecking is explicitly false', async () => {
    const knownHosts = join(scratchDir('capstan-ssh-'), 'empty_known_hosts')
    writeFileSync(knownHosts, '')
    const error = await failure(connectSsh(sshTarget({ knownHosts })))
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: false, details: { reason: 'host-key-unknown' } })
    expect((error as Error).message).toMatch(/host key unknown/)
    const client = await open(sshTarget({ knownHosts, strictHostKeyChecking: false }))
    expect(await run(client, 'echo ok')).toBe('ok')
  })

  it('stops connecting when the signal aborts', async () => {
    await expect(connectSsh(sshTarget(), AbortSignal.abort())).rejects.toMatchObject({ code: 'CANCELLED' })
  })
})
