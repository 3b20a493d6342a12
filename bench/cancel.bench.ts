import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { sshPlugin } from '../plugins-ssh/src/index.js'
import { createCapstan, localPlugin, type Capstan, type Execution } from '../src/index.js'
import { createSilentLogger } from '../src/logging/silent-logger.js'
import { infraEnv } from '@capstan/test-support/infra-env'
import type { BenchResult } from './bench-result.js'
import { median } from './median-time.js'

/** Measured stops per row; the numbers are medians. One more before them, unmeasured. */
const runs = 7
/** The issue's goal: the result within this long of the cancel or the deadline, on loopback. */
const goalMs = 300
/** The per-node time limit of the timeout rows. */
const timeoutMs = 500
/** Far above the goal: a result that waited for the grace misses by seconds. */
const killGraceMs = 10_000
/** Each command says it runs, then sleeps until it is stopped; `sleep` exits at SIGTERM. */
const command = 'echo running; sleep 60'

const msText = (ms: number) => `${ms.toFixed(0)} ms`

/** Stops `run` once every node printed, and says how long `run.result` took after `cancel()`. */
async function cancelToResult(run: Execution, nodes: number): Promise<number> {
  let running = 0
  for await (const event of run) if (event.type === 'node:output' && event.chunk.includes('running') && ++running === nodes) break
  const cancelledAt = performance.now()
  run.cancel()
  const result = await run.result
  const ms = performance.now() - cancelledAt
  if (result.nodes.some((n) => n.status !== 'cancelled')) throw new Error(`a cancelled run ended ${result.nodes.map((n) => `${n.node} ${n.status}`).join(', ')}`)
  return ms
}

/**
 * Runs `command` with a per-node `timeoutMs`, and says how long `run.result`
 * took after the deadline, counted from the `execute` call (so it includes
 * resolving the targets and starting the command: a few ms).
 */
async function deadlineToResult(capstan: Capstan, targets: string[]): Promise<number> {
  const calledAt = performance.now()
  const result = await capstan.command.execute({ targets, command, timeoutMs }).result
  const ms = performance.now() - calledAt - timeoutMs
  if (result.nodes.some((n) => n.status !== 'timeout')) throw new Error(`a timed-out run ended ${result.nodes.map((n) => `${n.node} ${n.status}`).join(', ')}`)
  return ms
}

/** The baseline: `sleep` started and stopped with SIGTERM by hand (`process.kill`), until Node sees it exit. */
async function killedByHand(): Promise<number> {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' })
  await once(child, 'spawn')
  const killedAt = performance.now()
  child.kill('SIGTERM')
  await once(child, 'exit')
  return performance.now() - killedAt
}

/** The median of `runs` samples of `sample`, after one unmeasured. */
async function medianOf(sample: () => Promise<number>): Promise<{ ms: number; min: number; max: number }> {
  await sample()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) samples.push(await sample())
  return { ms: median(samples), min: Math.min(...samples), max: Math.max(...samples) }
}

function row(name: string, measured: { ms: number; min: number; max: number }, baselineMs: number): BenchResult {
  return {
    name,
    ms: measured.ms,
    baselineMs,
    ratio: measured.ms / baselineMs,
    goal: `< ${goalMs} ms (grace ${killGraceMs / 1000} s)`,
    met: measured.ms < goalMs,
    details: [`min ${msText(measured.min)}, max ${msText(measured.max)} over ${runs} runs`],
  }
}

/** The two sshds of test/infra/start-sshd.sh as the nodes `alpha` and `beta`, or why there are none. */
function sshHosts(): { options: Parameters<typeof sshPlugin>[0] } | { missing: string } {
  const env = infraEnv()
  const { SSH_HOST: host, SSH_PORT: port, SSH_OTHER_PORT: otherPort, SSH_USER: user, SSH_KEY: key, SSH_INFRA: infra } = env
  if (host === undefined || port === undefined || otherPort === undefined || key === undefined || infra === undefined) {
    return { missing: 'test/infra/.env names no sshd (SSH_HOST, SSH_PORT, SSH_OTHER_PORT, SSH_KEY, SSH_INFRA): run `bash test/infra/start-sshd.sh`' }
  }
  try {
    readFileSync(key)
  } catch {
    return { missing: `SSH_KEY ${key} cannot be read: run \`bash test/infra/start-sshd.sh\`` }
  }
  const hosts = [
    { name: 'alpha', host, port: Number(port) },
    { name: 'beta', host, port: Number(otherPort) },
  ]
  return { options: { hosts, user: user ?? 'capstan', privateKeyPath: key, knownHosts: join(infra, 'known_hosts'), killGraceMs } }
}

/**
 * Cancel → result and deadline → result, locally and over SSH (two sshds on
 * loopback, pooled connections), for a `sleep` that exits at SIGTERM, with a
 * 10 s grace: a result that waited for the grace, or polled for zombies, shows.
 * Baseline: the same `sleep` killed by hand with SIGTERM, until Node sees it exit.
 */
export async function benchCancel(): Promise<BenchResult[]> {
  const baseline = await medianOf(killedByHand)
  const results: BenchResult[] = []
  const local = await createCapstan({ logger: createSilentLogger(), plugins: [localPlugin()], killGraceMs })
  try {
    results.push(row('cancel → result, local', await medianOf(() => cancelToResult(local.command.execute({ targets: 'localhost', command }), 1)), baseline.ms))
    results.push(row(`timeout (${timeoutMs} ms) → result, local`, await medianOf(() => deadlineToResult(local, ['localhost'])), baseline.ms))
  } finally {
    await local.close()
  }
  const ssh = sshHosts()
  if ('missing' in ssh) {
    // Never passes without measuring, like the fan-out bench.
    results.push({ name: 'cancel and timeout → result, over SSH', ms: 0, baselineMs: baseline.ms, ratio: 0, goal: `< ${goalMs} ms`, met: false, summary: `not measured: ${ssh.missing}` })
    return results
  }
  const remote = await createCapstan({ logger: createSilentLogger(), plugins: [sshPlugin(ssh.options)], killGraceMs })
  try {
    const targets = ['alpha', 'beta']
    // Connections first: the rows time stopping, not connecting.
    await remote.command.execute({ targets, command: 'true' }).result
    results.push(row('cancel → result, SSH (2 nodes)', await medianOf(() => cancelToResult(remote.command.execute({ targets, command }), targets.length)), baseline.ms))
    results.push(row(`timeout (${timeoutMs} ms) → result, SSH (2 nodes)`, await medianOf(() => deadlineToResult(remote, targets)), baseline.ms))
  } finally {
    await remote.close()
  }
  return results
}
