// The built `capstan` bin stopped the way systemd, Kubernetes, `timeout` and a
// closed terminal stop it (SIGTERM, SIGHUP): the running command is cancelled,
// every node gets its result, nothing is left running on any node (local
// processes, SSH servers, Bolt's process group), and the exit code is
// 128 + the signal.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ChildProcess } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { infraEnv } from '@capstan/test-support/infra-env'
import { needs } from '@capstan/test-support/requirement'
import { scratchDir } from '@capstan/test-support/scratch-dir'
import { isRunning, waitFor } from '../support/executions.js'
import { remoteProcesses, uniqueSleep } from '@capstan/test-support/remote-processes'
import { sshdRunning } from '@capstan/test-support/sshd'
import { processGroupMembers } from '@capstan/test-support/process-liveness'
import { FAKE_BOLT, PROJECT_DIR } from '../../plugins-bolt/test/integration/support.js'
import { repoRoot, runCli, type CliRun } from './built-cli.js'

const STOPS = [
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const

interface NdjsonEvent {
  type: string
  node?: string
  chunk?: string
  result?: { status: string; nodes: Array<{ node: string; status: string }> }
}

/** The run's NDJSON events. */
function eventsOf(run: CliRun): NdjsonEvent[] {
  return run.lines.map((line) => JSON.parse(line.text) as NdjsonEvent)
}

/** The status each node's `node:finished` line gave it, by node. */
function nodeResults(run: CliRun): Record<string, string> {
  return Object.fromEntries(eventsOf(run).flatMap((e) => (e.type === 'node:finished' && e.node !== undefined ? [[e.node, e.result?.status ?? '']] : [])))
}

/** Sends `signal` once `ready(line)` has held for `count` stdout lines; says when it did. */
function signalWhen(signal: NodeJS.Signals, ready: (text: string) => boolean, count = 1): { sentAt: () => number; onLine: (text: string, child: ChildProcess) => void } {
  let seen = 0
  let sentAt = 0
  return {
    sentAt: () => sentAt,
    onLine: (text, child) => {
      if (!ready(text) || ++seen !== count) return
      sentAt = Date.now()
      child.kill(signal)
    },
  }
}

/** Sends `signal` once `ready(line)` holds, and again 300 ms later; says when the second went. */
function signalTwice(signal: NodeJS.Signals, ready: (text: string) => boolean, count = 1): { secondAt: () => number; onLine: (text: string, child: ChildProcess) => void } {
  let secondAt = 0
  const first = signalWhen(signal, ready, count)
  return {
    secondAt: () => secondAt,
    onLine: (text, child) => {
      const before = first.sentAt()
      first.onLine(text, child)
      if (before !== 0 || first.sentAt() === 0) return
      setTimeout(() => {
        secondAt = Date.now()
        child.kill(signal)
      }, 300)
    },
  }
}

describe('capstan stopped by SIGTERM or SIGHUP', { timeout: 30_000 }, () => {
  it.each(STOPS)('%s cancels a local command: its node ends cancelled, nothing is left, exit %i', async (signal, code) => {
    const sleep = uniqueSleep()
    const stop = signalWhen(signal, (text) => text.includes('command-is-running'))
    const run = await runCli(['command', 'execute', '--targets', 'localhost', '--command', `echo command-is-running; ${sleep}; echo not-reached`, '--ndjson'], { cwd: scratchDir('capstan-cli-'), onLine: stop.onLine })
    expect(stop.sentAt()).toBeGreaterThan(0)
    expect(run.code).toBe(code)
    expect(nodeResults(run)).toEqual({ localhost: 'cancelled' })
    expect(eventsOf(run).at(-1)).toMatchObject({ type: 'finished', result: { status: 'cancelled' } })
    expect(run.stdout).not.toContain('not-reached')
    await waitFor(() => remoteProcesses(sleep).length === 0, 5_000, 'the sleep to be gone')
  })

  it('a second SIGTERM kills a command that ignores SIGTERM at once, instead of after the grace, and exits 143', async () => {
    const dir = scratchDir('capstan-cli-')
    writeFileSync(join(dir, 'capstan.config.json'), JSON.stringify({ host: { killGraceMs: 10_000 } }))
    const sleep = uniqueSleep()
    const twice = signalTwice('SIGTERM', (text) => text.includes('command-is-running'))
    const run = await runCli(['command', 'execute', '--targets', 'localhost', '--command', `trap '' TERM; echo command-is-running; ${sleep}`, '--ndjson'], { cwd: dir, onLine: twice.onLine })
    expect(twice.secondAt()).toBeGreaterThan(0)
    expect(run.code).toBe(143)
    expect(Date.now() - twice.secondAt()).toBeLessThan(5_000) // the 10 s grace did not pass
    expect(nodeResults(run)).toEqual({ localhost: 'cancelled' })
    expect(remoteProcesses(sleep)).toEqual([])
  })

  it('prints each node\'s result in the human output too', async () => {
    const stop = signalWhen('SIGTERM', (text) => text.includes('command-is-running'))
    const run = await runCli(['command', 'execute', '--targets', 'localhost', '--command', `echo command-is-running; ${uniqueSleep()}`, '--no-color'], { cwd: scratchDir('capstan-cli-'), onLine: stop.onLine })
    expect(run.code).toBe(143)
    expect(run.stdout).toMatch(/localhost.*cancelled/)
  })
})

const env = infraEnv()

needs(sshdRunning).describe('capstan stopped by SIGTERM or SIGHUP, over SSH', () => {
  /** A directory whose capstan.config.json serves `alpha` and `beta` (the two test sshds) through the SSH plugin. */
  function sshConfigDir(host: Record<string, unknown> = {}): string {
    const dir = scratchDir('capstan-cli-ssh-')
    const hosts = [
      { name: 'alpha', host: env.SSH_HOST ?? '127.0.0.1', port: Number(env.SSH_PORT ?? 2222) },
      { name: 'beta', host: env.SSH_HOST ?? '127.0.0.1', port: Number(env.SSH_OTHER_PORT ?? 2223) },
    ]
    const options = { hosts, user: env.SSH_USER ?? 'capstan', privateKeyPath: env.SSH_KEY, knownHosts: join(env.SSH_INFRA ?? '', 'known_hosts') }
    writeFileSync(join(dir, 'capstan.config.json'), JSON.stringify({ local: false, host, plugins: [{ module: join(repoRoot, 'plugins-ssh'), options }] }))
    return dir
  }

  it.each(STOPS)('%s cancels the command on every node: each ends cancelled, nothing is left on the servers, exit %i', { timeout: 30_000 }, async (signal, code) => {
    const sleep = uniqueSleep()
    // Both nodes have printed, so both commands run when the signal comes.
    const stop = signalWhen(signal, (text) => text.includes('command-is-running'), 2)
    const run = await runCli(['command', 'execute', '--targets', 'alpha,beta', '--command', `echo command-is-running; ${sleep}; echo not-reached`, '--ndjson'], { cwd: sshConfigDir(), onLine: stop.onLine })
    expect(stop.sentAt()).toBeGreaterThan(0)
    expect(run.code).toBe(code)
    expect(nodeResults(run)).toEqual({ alpha: 'cancelled', beta: 'cancelled' })
    expect(run.stdout).not.toContain('not-reached')
    expect(remoteProcesses(sleep)).toEqual([])
  })

  it('a second SIGTERM kills commands that ignore SIGTERM at once on every node, and exits 143', { timeout: 30_000 }, async () => {
    const sleep = uniqueSleep()
    const twice = signalTwice('SIGTERM', (text) => text.includes('command-is-running'), 2)
    const run = await runCli(['command', 'execute', '--targets', 'alpha,beta', '--command', `trap '' TERM; echo command-is-running; ${sleep}`, '--ndjson'], { cwd: sshConfigDir({ killGraceMs: 10_000 }), onLine: twice.onLine })
    expect(twice.secondAt()).toBeGreaterThan(0)
    expect(run.code).toBe(143)
    expect(Date.now() - twice.secondAt()).toBeLessThan(5_000) // the 10 s grace did not pass
    expect(nodeResults(run)).toEqual({ alpha: 'cancelled', beta: 'cancelled' })
    expect(remoteProcesses(sleep)).toEqual([])
  })
})

describe('capstan stopped by SIGTERM, with the Bolt plugin', { timeout: 30_000 }, () => {
  /** Runs `command execute` through the fake bolt, which hangs in `command run` with a `sleep` child in its process group. */
  async function stopHangingBolt(hang: '1' | 'ignore-term', signals: number) {
    const dir = scratchDir('capstan-cli-bolt-')
    const log = join(dir, 'fake-bolt.log')
    // The fake notes its pid in <log>.ready once its hang is set up.
    const fakeEnv = { FAKE_BOLT_LOG: log, FAKE_BOLT_HANG: hang, FAKE_BOLT_HANG_ON: '^command run ' }
    const config = { local: false, host: { killGraceMs: 10_000 }, plugins: [{ module: join(repoRoot, 'plugins-bolt'), options: { boltPath: FAKE_BOLT, projectDir: PROJECT_DIR, env: fakeEnv } }] }
    writeFileSync(join(dir, 'capstan.config.json'), JSON.stringify(config))
    let cli: ChildProcess | undefined
    // The first NDJSON line (`queued`) comes before bolt starts.
    const running = runCli(['command', 'execute', '--targets', 'ssh1,local1', '--command', 'uname -a', '--ndjson'], { cwd: dir, onLine: (_, child) => (cli ??= child) })
    let bolt = 0
    await waitFor(() => (bolt = Number(readText(`${log}.ready`).split('\n')[0])) > 0, 15_000, 'the fake bolt to hang')
    const group = processGroupMembers(bolt)
    expect(group).toContain(bolt)
    expect(group.length).toBeGreaterThan(1)
    let lastAt = 0
    for (let i = 0; i < signals; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 300))
      lastAt = Date.now()
      cli?.kill('SIGTERM')
    }
    return { run: await running, group, sinceLastSignal: Date.now() - lastAt }
  }

  it('stops the bolt process group: its nodes end cancelled, bolt and its child are gone, exit 143', async () => {
    const { run, group } = await stopHangingBolt('1', 1)
    expect(run.code).toBe(143)
    expect(nodeResults(run)).toEqual({ local1: 'cancelled', ssh1: 'cancelled' })
    expect(group.filter(isRunning)).toEqual([])
  })

  it('a second SIGTERM kills a bolt that ignores SIGTERM at once, and its child', async () => {
    const { run, group, sinceLastSignal } = await stopHangingBolt('ignore-term', 2)
    expect(run.code).toBe(143)
    expect(sinceLastSignal).toBeLessThan(5_000) // the 10 s grace did not pass
    expect(nodeResults(run)).toEqual({ local1: 'cancelled', ssh1: 'cancelled' })
    expect(group.filter(isRunning)).toEqual([])
  })
})

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}
