import type { Client } from 'ssh2'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { isCapstanError, type Facts } from 'capstan'
import { gatherLocalFacts } from 'capstan/plugin-kit'
import { connect } from '../support/ssh-test-client.js'
import { gatherRemoteFacts } from '../../src/facts/gather-remote-facts.js'
import { sshdRunning } from '../support/requirements.js'
import { needs } from '@capstan/test-support/requirement'

// The test sshd runs on this machine, so its facts are this machine's.

/** Counts the exec channels opened on `client`. */
function countExecs(client: Client): { count: number } {
  const counter = { count: 0 }
  const exec = client.exec.bind(client) as unknown as (...args: unknown[]) => boolean
  ;(client as unknown as { exec: (...args: unknown[]) => boolean }).exec = (...args: unknown[]) => {
    counter.count++
    return exec(...args)
  }
  return counter
}

const at = (facts: Facts, path: string): unknown => path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], facts.facts)

needs(sshdRunning).describe('gatherRemoteFacts against OpenSSH on this machine', () => {
  let client: Client
  beforeAll(async () => {
    client = await connect()
  })
  afterAll(() => client?.end())

  it('gathers the facts gatherLocalFacts reads here, on one exec channel', async () => {
    const execs = countExecs(client)
    const remote = await gatherRemoteFacts(client, { node: 'sshd', source: 'ssh', timeoutMs: 15_000 })
    const local = await gatherLocalFacts()
    expect(execs.count).toBe(1)
    expect(remote).toMatchObject({ node: 'sshd', source: 'ssh' })
    for (const path of ['os.name', 'os.family', 'os.release', 'os.architecture', 'kernel', 'kernelrelease', 'processors.count', 'memory.system.total_bytes', 'hostname', 'networking.ip', 'networking.primary', 'networking.mac']) {
      expect.soft(at(remote, path), path).toEqual(at(local, path))
      expect.soft(at(remote, path), path).toBeDefined()
    }
    // Read moments apart: close, not equal.
    expect(Math.abs((at(remote, 'uptime_seconds') as number) - (at(local, 'uptime_seconds') as number))).toBeLessThan(60)
    expect(at(remote, 'memory.system.available_bytes')).toBeGreaterThan(0)
  })

  it('throws TIMEOUT naming the node when the time limit passes first', async () => {
    const error = await gatherRemoteFacts(client, { node: 'sshd', source: 'ssh', timeoutMs: 1 }).catch((e: unknown) => e)
    expect(isCapstanError(error, 'TIMEOUT')).toBe(true)
    expect((error as Error).message).toContain('sshd')
  })

  it('throws UNAVAILABLE naming the node on a closed connection', async () => {
    const closed = await connect()
    await new Promise<void>((resolve) => {
      closed.once('close', () => resolve())
      closed.end()
    })
    const error = await gatherRemoteFacts(closed, { node: 'gone', source: 'ssh' }).catch((e: unknown) => e)
    expect(isCapstanError(error, 'UNAVAILABLE')).toBe(true)
    expect((error as Error).message).toContain('gone')
  })
})
