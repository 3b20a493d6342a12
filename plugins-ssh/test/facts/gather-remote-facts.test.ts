import { EventEmitter } from 'node:events'
import type { Client } from 'ssh2'
import { describe, expect, it } from 'vitest'
import { isCapstanError } from 'capstan'
import { gatherRemoteFacts } from '../../src/facts/gather-remote-facts.js'
import { FACTS_SECTION_MARKER } from '../../src/facts/remote-facts-script.js'
import { DEBIAN } from './samples.js'

/** An exec channel that prints `stdout`/`stderr` and exits with `code` once its stdin is closed. */
class FakeChannel extends EventEmitter {
  readonly stderr = new EventEmitter()
  constructor(private readonly script: { stdout: string; stderr?: string; code: number }) {
    super()
  }
  end(): void {
    setImmediate(() => {
      if (this.script.stdout) this.emit('data', Buffer.from(this.script.stdout))
      if (this.script.stderr) this.stderr.emit('data', Buffer.from(this.script.stderr))
      this.emit('exit', this.script.code)
      this.emit('close')
    })
  }
  pause(): void {}
  resume(): void {}
  close(): void {}
}

function fakeClient(open: (command: string) => FakeChannel | Error): { client: Client; commands: string[] } {
  const commands: string[] = []
  const client = {
    exec(command: string, callback: (error: Error | undefined, channel?: FakeChannel) => void) {
      commands.push(command)
      const result = open(command)
      setImmediate(() => (result instanceof Error ? callback(result) : callback(undefined, result)))
    },
  }
  return { client: client as unknown as Client, commands }
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

describe('gatherRemoteFacts', () => {
  it('runs the facts script on one channel and parses what it prints', async () => {
    const { client, commands } = fakeClient(() => new FakeChannel({ stdout: DEBIAN, code: 0 }))
    const facts = await gatherRemoteFacts(client, { node: 'web01', source: 'ssh', now: () => new Date('2026-02-03T04:05:06Z') })
    expect(commands).toHaveLength(1)
    expect(commands[0]).toContain(FACTS_SECTION_MARKER)
    expect(facts).toMatchObject({ node: 'web01', source: 'ssh', gatheredAt: '2026-02-03T04:05:06.000Z', facts: { hostname: 'web01', kernel: 'Linux' } })
  })

  it('keeps the facts a failing script still printed', async () => {
    const { client } = fakeClient(() => new FakeChannel({ stdout: DEBIAN, stderr: 'oops\n', code: 2 }))
    const facts = await gatherRemoteFacts(client, { node: 'web01', source: 'ssh' })
    expect(facts.facts['os']).toMatchObject({ name: 'Debian' })
  })

  it('throws PLUGIN_ERROR naming the node when the script fails with no facts', async () => {
    const { client } = fakeClient(() => new FakeChannel({ stdout: '', stderr: 'sh: cannot fork\n', code: 127 }))
    const error = await rejection(gatherRemoteFacts(client, { node: 'web01', source: 'ssh' }))
    expect(isCapstanError(error, 'PLUGIN_ERROR')).toBe(true)
    expect((error as Error).message).toMatch(/web01.*exited 127.*cannot fork/)
    expect((error as { details: unknown }).details).toMatchObject({ node: 'web01', exitCode: 127 })
  })

  it('throws PLUGIN_ERROR when the script succeeds without printing facts', async () => {
    const { client } = fakeClient(() => new FakeChannel({ stdout: 'This account is restricted\n', code: 0 }))
    const error = await rejection(gatherRemoteFacts(client, { node: 'web01', source: 'ssh' }))
    expect(isCapstanError(error, 'PLUGIN_ERROR')).toBe(true)
    expect((error as Error).message).toContain('printed no facts')
  })

  it('throws UNAVAILABLE naming the node when no channel opens', async () => {
    const { client } = fakeClient(() => new Error('Not connected'))
    const error = await rejection(gatherRemoteFacts(client, { node: 'web01', source: 'ssh' }))
    expect(isCapstanError(error, 'UNAVAILABLE')).toBe(true)
    expect((error as Error).message).toMatch(/web01.*Not connected/)
  })

  it('throws CANCELLED without opening a channel when the signal is already aborted', async () => {
    const { client, commands } = fakeClient(() => new FakeChannel({ stdout: DEBIAN, code: 0 }))
    const error = await rejection(gatherRemoteFacts(client, { node: 'web01', source: 'ssh', signal: AbortSignal.abort() }))
    expect(isCapstanError(error, 'CANCELLED')).toBe(true)
    expect((error as Error).message).toContain('web01')
    expect(commands).toHaveLength(0)
  })
})
