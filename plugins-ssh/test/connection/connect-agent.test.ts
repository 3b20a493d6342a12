// Authentication through a real ssh-agent (openssh-client), started for this file.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isCapstanError } from 'capstan'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectSsh } from '../../src/connection/connect.js'
import type { SshTarget } from '../../src/connection/ssh-target.js'
import { infraEnv } from '@capstan/test-support/infra-env'
import { sshAgent, sshdRunning } from '../support/requirements.js'
import { execText, sshdTarget } from '../support/sshd-target.js'
import { needs } from '@capstan/test-support/requirement'
import { until } from './sshd-sockets.js'

const env = infraEnv()
/** Directories of the agents' sockets, removed after the suite. */
const agentDirs: string[] = []

function keylessTarget(overrides: Partial<SshTarget> = {}): SshTarget {
  const { privateKey: _key, ...target } = sshdTarget(overrides)
  return target
}

const run = execText

/** Starts `ssh-agent -D` on a fresh socket, holding `keys`. */
async function startAgent(keys: string[]): Promise<{ socket: string; agent: ChildProcess }> {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-agent-'))
  agentDirs.push(dir)
  const socket = join(dir, 'agent.sock')
  const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' })
  await until(() => existsSync(socket), 5000)
  for (const key of keys) execFileSync('ssh-add', ['-q', key], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' })
  return { socket, agent }
}

describe('SshTarget validation (before any connection)', () => {
  it('refuses a target with neither privateKey nor agent with CONFIG_ERROR naming the field', async () => {
    const error = await connectSsh(keylessTarget()).catch((e: unknown) => e)
    expect(isCapstanError(error, 'CONFIG_ERROR')).toBe(true)
    expect(error).toMatchObject({ details: { field: 'privateKey', hop: 'target 127.0.0.1:2222' } })
    expect((error as Error).message).toMatch(/neither privateKey nor agent: set SshTarget\.privateKey/)
  })

  it('refuses a jump chain that loops with CONFIG_ERROR naming the jump field', async () => {
    const looping: SshTarget = keylessTarget({ privateKey: 'unused' })
    looping.jump = looping
    await expect(connectSsh(looping)).rejects.toMatchObject({ code: 'CONFIG_ERROR', details: { field: 'jump' } })
  })
})

needs(sshdRunning, sshAgent).describe('connectSsh with an ssh-agent', () => {
  const agents: ChildProcess[] = []
  let withKey = ''
  let empty = ''
  beforeAll(async () => {
    const loaded = await startAgent([env.SSH_KEY as string])
    const bare = await startAgent([])
    agents.push(loaded.agent, bare.agent)
    withKey = loaded.socket
    empty = bare.socket
  })
  afterAll(() => {
    for (const agent of agents) agent.kill('SIGTERM')
    for (const dir of agentDirs) rmSync(dir, { recursive: true, force: true })
  })

  it('authenticates with the key the agent holds, without a privateKey', async () => {
    const client = await connectSsh(keylessTarget({ agent: withKey }))
    try {
      expect(await run(client, 'id -un')).toBe(env.SSH_USER ?? 'capstan')
    } finally {
      client.end()
    }
  })

  it('reports an agent without an accepted key as an authentication failure naming the agent', async () => {
    const error = await connectSsh(keylessTarget({ agent: empty })).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: false, details: { reason: 'authentication-failed' } })
    expect((error as Error).message).toContain('authentication failed (agent)')
  })

  it('uses the agent for the jump host as well', async () => {
    const jump = keylessTarget({ agent: withKey })
    const client = await connectSsh(keylessTarget({ port: Number(env.SSH_OTHER_PORT ?? 2223), agent: withKey, jump }))
    try {
      expect((await run(client, 'echo $SSH_CONNECTION')).split(' ')[3]).toBe(String(env.SSH_OTHER_PORT ?? 2223))
    } finally {
      client.end()
    }
  })
})
