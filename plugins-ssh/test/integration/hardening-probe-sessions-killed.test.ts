// Hardening probe (issue 13): a command streaming on several nodes (both
// test sshd servers, each under several names) loses its server side in the
// middle: the per-connection sshd processes of this test's own connections,
// found by their client ports with `ss -tnp`, are killed or frozen. Every
// node ends UNAVAILABLE within the keepalive bound, keeping the output it had
// streamed, and the next execution on the same plugin runs. The listening
// daemons, and other processes' connections, are never touched.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Capstan, ExecutionEvent } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { afterEach, expect, it } from 'vitest'
import { infraEnv } from '@capstan/test-support/infra-env'
import { needs } from '@capstan/test-support/requirement'
import { sshPlugin } from '../../src/index.js'
import { ourClientPorts, sessionPids, signalAll, until } from '../connection/sshd-sockets.js'
import { remoteProcesses } from '@capstan/test-support/remote-processes'
import { runningAsRoot, sshdRunning } from '../support/requirements.js'

const env = infraEnv()
const ports = [Number(env.SSH_PORT ?? 2222), Number(env.SSH_OTHER_PORT ?? 2223)]
/** Three names on the main server, two on the other: one pooled connection each. */
const hosts = [
  ...['main-a', 'main-b', 'main-c'].map((name) => ({ name, port: ports[0]! })),
  ...['other-a', 'other-b'].map((name) => ({ name, port: ports[1]! })),
]
const nodes = hosts.map((h) => h.name)
const KEEPALIVE_MS = 500
/** ssh2 drops a connection after this many unanswered keepalives (the plugin's keepaliveCountMax). */
const KEEPALIVE_COUNT = 3
/** The keepalive bound: the unanswered keepalives, the tick that gives up, and as much again for a loaded machine. */
const KEEPALIVE_BOUND_MS = 2 * (KEEPALIVE_COUNT + 1) * KEEPALIVE_MS

/** Processes of sshd serving this process's connections to the test servers; never a listener. */
function ourSessionPids(): number[] {
  const pids = ports.flatMap((port) => ourClientPorts(port).flatMap((clientPort) => sessionPids(port, clientPort)))
  return [...new Set(pids)].filter((pid) => !commandLineOf(pid).includes('[listener]'))
}

function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
  } catch {
    return '' // Gone meanwhile.
  }
}

needs(sshdRunning, runningAsRoot).describe('hardening probe: SSH sessions killed mid-stream', () => {
  const marker = `capstan-probe-${randomBytes(6).toString('hex')}`
  const frozen: number[] = []

  afterEach(() => {
    // Sessions a test froze: let them go, then end them (they serve only this file's connections).
    signalAll(frozen, 'SIGCONT')
    signalAll(frozen.splice(0), 'SIGKILL')
    // The streaming loops end on their own once their output has nowhere to go; these are only this file's.
    signalAll(remoteProcesses(marker).map(Number), 'SIGKILL')
  })

  /** A host with the SSH plugin on the five names, keepalives every KEEPALIVE_MS. */
  function sshCapstan() {
    return createTestCapstan({
      plugins: [
        sshPlugin({
          hosts: hosts.map(({ name, port }) => ({ name, host: '127.0.0.1', port, user: env.SSH_USER ?? 'capstan' })),
          privateKeyPath: env.SSH_KEY as string,
          knownHosts: join(env.SSH_INFRA ?? '', 'known_hosts'),
          keepaliveIntervalMs: KEEPALIVE_MS,
        }),
      ],
    })
  }

  /** Starts a command streaming on every node and returns once each has streamed a few lines. */
  async function streamingOnEveryNode(capstan: Capstan) {
    // A line every 50 ms for at most a minute, the marker on its command line for the clean-up.
    const run = capstan.command.execute({ targets: nodes, command: `i=0; while [ $i -lt 1200 ]; do echo "${marker} line $i"; i=$((i+1)); sleep 0.05; done` })
    const events: ExecutionEvent[] = []
    const reading = (async () => {
      for await (const event of run) events.push(event)
    })()
    const streamed = (node: string) => events.flatMap((e) => (e.type === 'node:output' && e.node === node ? [e.chunk] : [])).join('')
    // Mid-stream: every node has streamed a few lines.
    await until(() => nodes.every((node) => streamed(node).split('\n').length > 3), 20_000)
    return { run, events, reading, streamed }
  }

  it.each([
    ['killed (SIGKILL)', 'SIGKILL'],
    ['frozen (SIGSTOP), so only the keepalive notices', 'SIGSTOP'],
  ] as const)('%s: every node ends UNAVAILABLE within the keepalive bound with its output so far; the next execution runs', { timeout: 60_000 }, async (what, signal) => {
    await using capstan = await sshCapstan()
    const started = await streamingOnEveryNode(capstan)
    const pids = ourSessionPids()
    // At least one sshd process per node's connection.
    expect(pids.length).toBeGreaterThanOrEqual(nodes.length)
    if (signal === 'SIGSTOP') frozen.push(...pids)
    signalAll(pids, signal)
    const lostAt = Date.now()
    // What each node streamed until then: what sshd had sent already may still arrive, nothing is taken away.
    const before = new Map(nodes.map((node) => [node, started.streamed(node)]))
    const result = await started.run.result
    const elapsed = Date.now() - lostAt
    await started.reading
    console.info(`[hardening probe] ${what}: ${pids.length} sshd processes; every node ended ${elapsed} ms later (bound ${KEEPALIVE_BOUND_MS} ms)`)
    expect(elapsed).toBeLessThan(KEEPALIVE_BOUND_MS)

    expect(result.nodes.map((n) => n.node).sort()).toEqual([...nodes].sort())
    for (const node of result.nodes) {
      expect(node, node.node).toMatchObject({ status: 'error', exitCode: null, error: { code: 'UNAVAILABLE' } })
      const streamed = started.streamed(node.node)
      expect(node.stdout).toBe(streamed)
      expect(streamed.startsWith(before.get(node.node)!)).toBe(true)
      expect(streamed).toContain(`${marker} line 2\n`)
      expect(started.events.filter((e) => e.type === 'node:finished' && e.node === node.node)).toHaveLength(1)
    }
    expect(result.status).toBe('failure')

    // The same plugin runs the next execution on every node (on new connections).
    const next = await capstan.command.execute({ targets: nodes, command: 'echo alive' }).result
    expect(next.nodes).toHaveLength(nodes.length)
    for (const node of next.nodes) expect(node, JSON.stringify(node.error)).toMatchObject({ status: 'success', stdout: 'alive\n' })
  })
})
