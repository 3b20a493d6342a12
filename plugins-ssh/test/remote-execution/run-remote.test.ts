import type { Client } from 'ssh2'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { NodeEvent } from 'capstan'
import { hasPosixLoginShell } from '../../src/remote-execution/login-shell.js'
import type { RemoteCommand } from '../../src/remote-execution/remote-command.js'
import type { RunRemoteOptions } from '../../src/remote-execution/run-remote-options.js'
import { runRemote } from '../../src/remote-execution/run-remote.js'
import { connect } from '../support/ssh-test-client.js'
import { remoteProcesses, uniqueSleep } from '@capstan/test-support/remote-processes'
import { sshdRunning } from '../support/requirements.js'
import { needs } from '@capstan/test-support/requirement'

async function collect(client: Client, input: RemoteCommand, options: Partial<RunRemoteOptions> = {}) {
  const events: NodeEvent[] = []
  for await (const event of runRemote(client, input, { node: 'n1', ...options })) events.push(event)
  const text = (stream: 'stdout' | 'stderr') =>
    events.flatMap((e) => (e.type === 'node:output' && e.stream === stream ? [e.chunk] : [])).join('')
  const finished = events.at(-1)
  if (finished?.type !== 'node:finished') throw new Error(`last event is ${finished?.type}`)
  return { events, stdout: text('stdout'), stderr: text('stderr'), finished }
}

/** Polls `check` every 100 ms until it holds or `timeoutMs` passes; returns the last answer. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return true
    if (Date.now() > deadline) return false
    await new Promise((r) => setTimeout(r, 100))
  }
}

needs(sshdRunning).describe('runRemote against OpenSSH', () => {
  let client: Client
  beforeAll(async () => {
    client = await connect()
  })
  afterAll(() => client?.end())

  it('reports exit 0 as success and exit 3 as failure', async () => {
    const ok = await collect(client, { command: 'true' })
    expect(ok.events[0]).toEqual({ type: 'node:started', node: 'n1' })
    expect(ok.finished).toMatchObject({ status: 'success', exitCode: 0 })
    const bad = await collect(client, { command: 'exit 3' })
    expect(bad.finished).toMatchObject({ status: 'failure', exitCode: 3 })
  })

  it('gives the command what sh -c would: no positional parameters and none of the wrapper\'s variables', async () => {
    const { stdout, finished } = await collect(client, { command: 'echo "$#:${g-unset}:${CAPSTAN_SETSID-unset}:$GREETING"; exit 7', env: { GREETING: 'hi' } })
    expect(stdout).toBe('0:unset:unset:hi\n')
    expect(finished).toMatchObject({ status: 'failure', exitCode: 7 })
  })

  it('hands the wrapper to the login shell itself once the connection showed a POSIX shell', async () => {
    const fresh = await connect()
    try {
      const cmdline = "tr '\\0' ' ' </proc/$$/cmdline"
      expect(hasPosixLoginShell(fresh)).toBe(false)
      const first = await collect(fresh, { command: cmdline })
      expect(first.stdout).toMatch(/eval "\$1" capstan-exec /)
      expect(hasPosixLoginShell(fresh)).toBe(true)
      const second = await collect(fresh, { command: cmdline })
      expect(second.stdout).not.toMatch(/eval "\$1" capstan-exec /)
      expect(second.stdout).toMatch(/^(\/bin\/)?sh -c printf /)
      expect(second.finished).toMatchObject({ status: 'success', exitCode: 0 })
    } finally {
      fresh.end()
    }
  })

  it('keeps stdout and stderr apart, each in order, without the wrapper line', async () => {
    const r = await collect(client, { command: 'for i in 1 2 3 4 5; do echo out$i; echo err$i >&2; done' })
    expect(r.stdout).toBe('out1\nout2\nout3\nout4\nout5\n')
    expect(r.stderr).toBe('err1\nerr2\nerr3\nerr4\nerr5\n')
  })

  it('streams 5 MiB exactly, and multi-byte characters across chunks', async () => {
    const big = await collect(client, { command: 'head -c 5242880 /dev/zero | tr "\\0" x' })
    expect(big.stdout.length).toBe(5 * 1024 * 1024)
    expect(big.stdout.replaceAll('x', '')).toBe('')
    const euros = await collect(client, { command: 'i=0; while [ $i -lt 20000 ]; do printf "€"; i=$((i+1)); done' })
    expect(euros.stdout).toBe('€'.repeat(20000))
  })

  it('yields output before the command ends', async () => {
    const seen: Array<{ type: string; at: number }> = []
    for await (const e of runRemote(client, { command: 'echo first; sleep 2; echo second' }, { node: 'n1' })) seen.push({ type: e.type, at: Date.now() })
    const first = seen.find((e) => e.type === 'node:output')
    const end = seen.find((e) => e.type === 'node:finished')
    expect(end!.at - first!.at).toBeGreaterThan(1000)
  })

  it('passes env values literally: quotes, spaces, newlines, $() and backquotes', async () => {
    const values = { A: `it's "q" $(touch /tmp/pwned) \`id\``, B: 'line1\nline2  spaced', C: '', D: '\\$HOME;|&' }
    const r = await collect(client, { command: 'printf "%s\\0" "$A" "$B" "$C" "$D"', env: values })
    expect(r.stdout.split('\0').slice(0, -1)).toEqual(Object.values(values))
    expect((await collect(client, { command: 'test -e /tmp/pwned && echo yes || echo no' })).stdout).toBe('no\n')
  })

  it('refuses a bad env name before running anything', async () => {
    await expect(collect(client, { command: 'true', env: { 'A;B': 'x' } })).rejects.toThrow(/env\.A;B/)
  })

  it('runs in cwd and reads stdin', async () => {
    expect((await collect(client, { command: 'pwd', cwd: '/tmp' })).stdout).toBe('/tmp\n')
    const missing = await collect(client, { command: 'pwd', cwd: '/does/not exist' })
    expect(missing.finished.status).toBe('failure')
    expect((await collect(client, { command: 'cat; echo', stdin: 'hello\nworld' })).stdout).toBe('hello\nworld\n')
    expect((await collect(client, { command: 'cat' })).stdout).toBe('') // stdin closed at once
  })

  /** Runs `command` until its sleep shows up on the server, aborts, and says when the node's result came. */
  async function abortWhenSleeping(command: string, sleep: string, killGraceMs: number, killAfterMs?: number) {
    const controller = new AbortController()
    const kill = new AbortController()
    const events: NodeEvent[] = []
    const run = (async () => {
      for await (const e of runRemote(client, { command }, { node: 'n1', signal: controller.signal, killSignal: kill.signal, killGraceMs })) events.push(e)
    })()
    expect(await eventually(async () => remoteProcesses(sleep).length > 0)).toBe(true)
    const abortedAt = Date.now()
    controller.abort()
    if (killAfterMs !== undefined) setTimeout(() => kill.abort(), killAfterMs)
    await run
    return { finished: events.at(-1), afterAbortMs: Date.now() - abortedAt }
  }

  it.each([
    ['a sleep', (sleep: string) => sleep],
    ['a child group whose leader dies first (its orphan is reaped late)', (sleep: string) => `sh -c '${sleep} & ${sleep}'`],
  ])('on abort stops %s at TERM: the result comes as it exits, not after the grace, and nothing is left', async (_, command) => {
    const sleep = uniqueSleep()
    const { finished, afterAbortMs } = await abortWhenSleeping(command(sleep), sleep, 10_000)
    expect(finished).toMatchObject({ type: 'node:finished', status: 'cancelled', error: { code: 'CANCELLED' } })
    expect(afterAbortMs).toBeLessThan(5_000) // the 10 s grace did not pass
    expect(remoteProcesses(sleep)).toEqual([])
  })

  it('on abort kills a TERM-ignoring group with KILL once the grace has passed, and only then', async () => {
    const sleep = uniqueSleep()
    const { finished, afterAbortMs } = await abortWhenSleeping(`trap '' TERM; ${sleep} & ${sleep}; wait`, sleep, 1_500)
    expect(finished).toMatchObject({ type: 'node:finished', status: 'cancelled' })
    expect(afterAbortMs).toBeGreaterThanOrEqual(1_500)
    expect(await eventually(async () => remoteProcesses(sleep).length === 0, 5_000)).toBe(true)
  })

  it('on killSignal kills a TERM-ignoring group at once, without waiting for the rest of the grace', async () => {
    const sleep = uniqueSleep()
    const { finished, afterAbortMs } = await abortWhenSleeping(`trap '' TERM; ${sleep} & ${sleep}; wait`, sleep, 10_000, 300)
    expect(finished).toMatchObject({ type: 'node:finished', status: 'cancelled' })
    expect(afterAbortMs).toBeLessThan(5_000) // the 10 s grace did not pass
    expect(remoteProcesses(sleep)).toEqual([])
  })

  it('ends timeout when timeoutMs passes, and stops the group at TERM, without waiting for the grace', async () => {
    const sleep = uniqueSleep()
    const started = Date.now()
    const r = await collect(client, { command: sleep }, { timeoutMs: 500, killGraceMs: 10_000 })
    expect(r.finished).toMatchObject({ status: 'timeout', error: { code: 'TIMEOUT' } })
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(remoteProcesses(sleep)).toEqual([])
  })

  it('stops the group when the consumer leaves the loop early', async () => {
    const sleep = uniqueSleep()
    for await (const e of runRemote(client, { command: `echo go; ${sleep}` }, { node: 'n1', killGraceMs: 1000 })) {
      if (e.type === 'node:output') break
    }
    expect(remoteProcesses(sleep)).toEqual([])
  })

  it('ends cancelled without running when the signal has already aborted', async () => {
    const r = await collect(client, { command: 'touch /tmp/ran' }, { signal: AbortSignal.abort() })
    expect(r.events).toHaveLength(1)
    expect(r.finished.status).toBe('cancelled')
  })
})
