import fs from 'node:fs'
// End to end: cancelling an execution and per-node time limits stop the whole
// bolt process group (the fake's FAKE_BOLT_HANG starts a `sleep` child in its
// group), with SIGKILL after the plugin's killGraceMs when SIGTERM is ignored.
import { afterEach, describe, expect, it } from 'vitest'
import { isRunning, killLeftovers, processGroupMembers, waitUntilGone } from '@capstan/test-support/process-liveness'
import { boltCapstan, newLogFile, runsOf, waitFor } from './support.js'

/** Hang only in `command run`, so `bolt --version` and the inventory still answer. */
const HANG = { FAKE_BOLT_HANG: '1', FAKE_BOLT_HANG_ON: '^command run ' }
const HANG_IGNORING_TERM = { FAKE_BOLT_HANG: 'ignore-term', FAKE_BOLT_HANG_ON: '^command run ' }

const leftovers: number[] = []
afterEach(() => {
  killLeftovers(leftovers)
  leftovers.length = 0
})

/** The hanging bolt's pid and the pids of the rest of its process group (the `sleep` child), once it has one. */
/** Pids of fake bolts that finished setting up their hang. */
function readyPids(log: string): number[] {
  const file = `${log}.ready`
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number) : []
}

async function hangingBolt(log: string): Promise<{ pid: number; group: number[] }> {
  const entry = await waitFor('a hanging `bolt command run`', () => runsOf(log, 'command run').find((e) => e.hang))
  const group = await waitFor('the child in bolt\'s process group', () => {
    const members = processGroupMembers(entry.pid).filter((pid) => pid !== entry.pid)
    return members.length > 0 ? members : undefined
  })
  leftovers.push(entry.pid, ...group)
  // Ready: its signal handling (ignore-term) and child are set up.
  await waitFor('the hanging bolt to be ready', () => (readyPids(log).includes(entry.pid) ? true : undefined))
  expect(isRunning(entry.pid)).toBe(true)
  return { pid: entry.pid, group }
}

describe('cancellation and time limits', () => {
  it('cancel(): nodes and execution cancelled, bolt and its child gone', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log, { fakeEnv: HANG })
    const run = capstan.command.execute({ targets: ['ssh1', 'local1'], command: 'uname -a' })
    const { pid, group } = await hangingBolt(log)
    expect(run.status).not.toMatch(/^(success|failure|partial|cancelled|timeout)$/)
    run.cancel()
    const result = await run.result
    expect(result.status).toBe('cancelled')
    expect(run.status).toBe('cancelled')
    expect(result.nodes.map((n) => [n.node, n.status]).sort()).toEqual([
      ['local1', 'cancelled'],
      ['ssh1', 'cancelled'],
    ])
    await waitUntilGone([pid, ...group], 2000)
  })

  it('through capstan.invoke: the caller\'s signal cancels the same way', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log, { fakeEnv: HANG })
    const controller = new AbortController()
    const invoked = capstan.invoke('command.execute', { targets: 'local1', command: 'uname -a' }, { signal: controller.signal })
    const { pid, group } = await hangingBolt(log)
    controller.abort()
    const run = await invoked
    const result = await run.result
    expect(result.status).toBe('cancelled')
    expect(result.nodes).toEqual([expect.objectContaining({ node: 'local1', status: 'cancelled', error: expect.objectContaining({ code: 'CANCELLED' }) })])
    await waitUntilGone([pid, ...group], 2000)
  })

  it('per-node timeoutMs: every node `timeout`, the execution `failure` (nothing succeeded), bolt and its child gone', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log, { fakeEnv: HANG })
    const started = Date.now()
    const invoked = capstan.invoke('command.execute', { targets: ['ssh1', 'local1'], command: 'uname -a', timeoutMs: 300 })
    const { pid, group } = await hangingBolt(log)
    const result = await (await invoked).result
    expect(Date.now() - started).toBeGreaterThanOrEqual(300)
    expect(result.status).toBe('failure')
    expect(result.nodes.map((n) => [n.node, n.status, n.error?.code]).sort()).toEqual([
      ['local1', 'timeout', 'TIMEOUT'],
      ['ssh1', 'timeout', 'TIMEOUT'],
    ])
    await waitUntilGone([pid, ...group], 2000)
  })

  it('a bolt that ignores SIGTERM is killed with SIGKILL after killGraceMs, child included', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log, { killGraceMs: 1000, fakeEnv: HANG_IGNORING_TERM })
    const run = capstan.command.execute({ targets: 'local1', command: 'uname -a' })
    const { pid, group } = await hangingBolt(log)
    const cancelledAt = Date.now()
    run.cancel()
    // SIGTERM changed nothing: both are still there shortly after.
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(isRunning(pid)).toBe(true)
    expect(group.every(isRunning)).toBe(true)
    const result = await run.result
    expect(Date.now() - cancelledAt).toBeGreaterThanOrEqual(1000)
    expect(result.status).toBe('cancelled')
    expect(result.nodes).toEqual([expect.objectContaining({ node: 'local1', status: 'cancelled' })])
    await waitUntilGone([pid, ...group], 2000)
  })

  it('the caller\'s killSignal ends the grace: a bolt that ignores SIGTERM is killed at once, child included', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log, { killGraceMs: 10_000, fakeEnv: HANG_IGNORING_TERM })
    const kill = new AbortController()
    const run = capstan.command.execute({ targets: 'local1', command: 'uname -a' }, { killSignal: kill.signal })
    const { pid, group } = await hangingBolt(log)
    run.cancel()
    await new Promise((resolve) => setTimeout(resolve, 100))
    const killedAt = Date.now()
    kill.abort()
    const result = await run.result
    expect(Date.now() - killedAt).toBeLessThan(5_000) // the 10 s grace did not pass
    expect(result.nodes).toEqual([expect.objectContaining({ node: 'local1', status: 'cancelled' })])
    await waitUntilGone([pid, ...group], 2000)
  })

  it('the plugin\'s timeoutMs limits inventory calls: TIMEOUT from the source, bolt and its child gone', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log, { timeoutMs: 300, fakeEnv: { FAKE_BOLT_HANG: '1', FAKE_BOLT_HANG_ON: '^inventory show ' } })
    const listed = capstan.invoke('inventory.list', { refresh: false }).then(
      () => undefined,
      (e: unknown) => e,
    )
    const entry = await waitFor('a hanging `bolt inventory show`', () => runsOf(log, 'inventory show').find((e) => e.hang))
    const group = await waitFor('the child in bolt\'s process group', () => {
      const members = processGroupMembers(entry.pid).filter((pid) => pid !== entry.pid)
      return members.length > 0 ? members : undefined
    })
    leftovers.push(entry.pid, ...group)
    const error = await listed
    expect(error).toMatchObject({
      code: 'UNAVAILABLE',
      details: { sources: [expect.objectContaining({ plugin: 'bolt', ok: false, error: expect.objectContaining({ code: 'TIMEOUT', message: expect.stringContaining('300 ms') }) })] },
    })
    await waitUntilGone([entry.pid, ...group], 2000)
  })

  it('cancel() while a batch waits for a slot: it ends cancelled without ever starting bolt', async () => {
    const log = newLogFile()
    await using capstan = await boltCapstan(log, { batchSize: 1, fakeEnv: HANG }, { concurrency: 1 })
    const run = capstan.command.execute({ targets: ['ssh1', 'local1'], command: 'uname -a' })
    const { pid, group } = await hangingBolt(log)
    expect(capstan.queue.stats()).toMatchObject({ running: 1, queued: 1 })
    run.cancel()
    const result = await run.result
    expect(result.nodes.map((n) => n.status)).toEqual(['cancelled', 'cancelled'])
    expect(runsOf(log, 'command run')).toHaveLength(1)
    await waitUntilGone([pid, ...group], 2000)
    expect(capstan.queue.stats()).toMatchObject({ running: 0, queued: 0 })
  })

  it('a per-node time limit during streamed output: the output so far is kept, the nodes time out', async () => {
    // command_stream_json paced at 150 ms a line: local1's out3 is the ninth line, well after 800 ms.
    const log = newLogFile()
    await using capstan = await boltCapstan(log, { fakeEnv: { FAKE_BOLT_STREAM_INTERVAL_MS: '150' } })
    const run = await capstan.invoke('command.execute', {
      targets: ['ssh1', 'local1'],
      command: 'for i in 1 2 3; do echo out$i; echo err$i >&2; sleep 0.3; done',
      timeoutMs: 800,
    })
    const result = await run.result
    const [entry] = runsOf(log, 'command run')
    expect(entry?.case).toBe('command_stream_json')
    expect(result.status).toBe('failure')
    const local1 = result.nodes.find((n) => n.node === 'local1')
    expect(local1).toMatchObject({ status: 'timeout', error: { code: 'TIMEOUT' } })
    // Streamed lines arrived before the limit and stay in the result; the rest never came.
    expect(local1?.stdout.startsWith('out1\n')).toBe(true)
    expect(local1?.stdout).not.toContain('out3')
    await waitUntilGone([entry?.pid ?? 0], 2000)
  })

  it('capstan.close() stops a running execution and its bolt process group', async () => {
    const log = newLogFile()
    const capstan = await boltCapstan(log, { fakeEnv: HANG })
    const run = capstan.command.execute({ targets: 'local1', command: 'uname -a' })
    const { pid, group } = await hangingBolt(log)
    await capstan.close()
    expect((await run.result).status).toBe('cancelled')
    await waitUntilGone([pid, ...group], 2000)
  })
})
