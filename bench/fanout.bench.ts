import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BenchResult } from './bench-result.js'
import { ansibleEnv, fanoutInfra, nodeNames, requireAnsible, timedSpawn, writeFanoutFiles, type FanoutFiles, type FanoutInfra, type FanoutSample, type TimedRun } from './fanout-setup.js'
import { ensureBuilt } from '../test/support/ensure-built.js'
import { median } from './median-time.js'

/** Targets, as the issue asks: node001 … node100, all on the one test sshd. */
const nodeCount = 100
/** Fresh processes for Capstan and for the OpenSSH clients; the numbers are medians. Ansible runs once (about a minute). */
const runs = 3
/** Capstan cold (whole process) must take at most this share of 100 parallel OpenSSH clients… */
const maxColdVsOpenssh = 0.4
/** …and of Ansible. */
const maxColdVsAnsible = 0.05
/** A warm run (pooled connections) must take at most this share of the cold one. */
const maxWarmVsCold = 0.1
/** Left between measurements, so the sshd children of the previous one have exited. */
const settleMs = 1000
const workerTimeoutMs = 120_000
const opensshTimeoutMs = 120_000
const ansibleTimeoutMs = 600_000

/** Plain JavaScript on the built packages: a whole process as an application runs it, no TypeScript compiler at start-up. */
const workerPath = fileURLToPath(new URL('./fanout-worker.mjs', import.meta.url))
const repoRoot = fileURLToPath(new URL('..', import.meta.url))
/** What the worker imports, built from these sources. */
const builtPackages = [
  { src: join(repoRoot, 'src'), entry: join(repoRoot, 'dist', 'index.js') },
  { src: join(repoRoot, 'plugins-ssh', 'src'), entry: join(repoRoot, 'plugins-ssh', 'dist', 'index.js') },
]

const names = nodeNames(nodeCount)
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const msText = (ms: number) => `${ms.toFixed(0)} ms`
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const output = (run: TimedRun) => (run.stderr.trim() || run.stdout.trim()).split('\n').slice(-10).join('\n')

interface CapstanRun {
  /** The worker process from spawn to exit (start-up, create, cold, warm, close). */
  wallMs: number
  sample: FanoutSample
}

/** Capstan in a fresh Node process: cold run, then warm run, on every name. */
async function capstanRun(infra: FanoutInfra, files: FanoutFiles): Promise<CapstanRun> {
  const run = await timedSpawn(process.execPath, [workerPath, files.sshConfig, infra.key, infra.knownHosts, String(nodeCount)], { cwd: repoRoot, timeoutMs: workerTimeoutMs })
  if (run.code !== 0) throw new Error(`the Capstan worker ended with ${run.code ?? run.signal}:\n${output(run)}`)
  let sample: FanoutSample
  try {
    sample = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '') as FanoutSample
  } catch {
    throw new Error(`the Capstan worker printed no result:\n${output(run)}`)
  }
  if (sample.coldOk !== nodeCount || sample.warmOk !== nodeCount) throw new Error(`the Capstan worker reported ${sample.coldOk} cold and ${sample.warmOk} warm successes, expected ${nodeCount}`)
  return { wallMs: run.ms, sample }
}

/**
 * 100 OpenSSH clients at once, each a new connection (no ControlMaster),
 * host keys checked against the sshd's known_hosts. `xargs` exits 0 only
 * when every `ssh` did.
 */
async function opensshRun(infra: FanoutInfra, files: FanoutFiles): Promise<number> {
  const ssh = ['ssh', '-F', files.sshConfig, '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${infra.knownHosts}`, '-o', 'ControlMaster=no', '-o', 'IdentitiesOnly=yes']
  const run = await timedSpawn('xargs', ['-P', String(nodeCount), '-I', '{}', ...ssh, '{}', 'true'], { input: `${names.join('\n')}\n`, timeoutMs: opensshTimeoutMs })
  if (run.code !== 0) throw new Error(`xargs ssh ended with ${run.code ?? run.signal} (123: some ssh exited non-zero):\n${output(run)}`)
  return run.ms
}

/**
 * `ansible all -f 100 -m command -a true` as shipped (default stdout
 * callback in one-line mode, no pipelining), ControlMaster off, host keys
 * checked against the sshd's known_hosts without writing to ~/.ssh; every
 * host must report `CHANGED | rc=0`.
 */
async function ansibleRun(infra: FanoutInfra, files: FanoutFiles): Promise<number> {
  const env = ansibleEnv(infra, files)
  const run = await timedSpawn('ansible', ['all', '-i', files.inventory, '-f', String(nodeCount), '-o', '-m', 'command', '-a', 'true'], { env, timeoutMs: ansibleTimeoutMs })
  // One line per host: `node001 | CHANGED | rc=0 | (stdout) `; failures read `| FAILED |` or `| UNREACHABLE! =>`.
  const succeeded = new Set(
    run.stdout
      .split('\n')
      .map((line) => /^(\S+) \| CHANGED \| rc=0 \|/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined),
  )
  const missing = names.filter((name) => !succeeded.has(name))
  if (run.code !== 0 || missing.length > 0) {
    throw new Error(`ansible ended with ${run.code ?? run.signal}, ${missing.length} of ${nodeCount} hosts without \`CHANGED | rc=0\` (${missing.slice(0, 5).join(', ')}):\n${output(run)}`)
  }
  return run.ms
}

/**
 * `true` on 100 targets (node001 … node100, one local sshd behind a
 * generated ssh_config), each way measured as a whole process from spawn to
 * exit: Capstan with the SSH plugin in a fresh Node process (cold over new
 * connections, then warm over the pool, both also timed inside the worker),
 * 100 parallel OpenSSH clients through `xargs -P 100`, and Ansible with
 * `-f 100`. Capstan and OpenSSH alternate 3 times (medians); Ansible runs
 * once. Needs the sshd of test/infra/start-sshd.sh, `ssh` and `ansible`.
 */
export async function benchFanout(): Promise<BenchResult[]> {
  const infra = await fanoutInfra()
  const build = await ensureBuilt(repoRoot, builtPackages)
  const dir = await mkdtemp(join(tmpdir(), 'capstan-fanout-'))
  try {
    const files = await writeFanoutFiles(dir, infra, names)
    await requireAnsible(ansibleEnv(infra, files))
    const capstan: CapstanRun[] = []
    const openssh: number[] = []
    for (let i = 0; i < runs; i += 1) {
      // Alternating spreads a slow moment of the machine over both sides.
      capstan.push(await capstanRun(infra, files))
      await sleep(settleMs)
      openssh.push(await opensshRun(infra, files))
      await sleep(settleMs)
    }
    const ansibleMs = await ansibleRun(infra, files)

    const wall = median(capstan.map((r) => r.wallMs))
    const at = (pick: (s: FanoutSample) => number) => median(capstan.map((r) => pick(r.sample)))
    const load = at((s) => s.loadMs)
    const create = at((s) => s.createMs)
    const coldExec = at((s) => s.coldExecMs)
    const cold = at((s) => s.createMs + s.coldExecMs)
    const warm = at((s) => s.warmExecMs)
    const close = at((s) => s.closeMs)
    const toCold = at((s) => s.processToColdMs)
    const sshMs = median(openssh)
    const vsOpenssh = wall / sshMs
    const vsAnsible = wall / ansibleMs
    const warmVsCold = warm / cold
    const all = (list: number[]) => list.map((ms) => msText(ms)).join(', ')
    const breakdown = [
      `Capstan process ${seconds(wall)} (median of ${runs}: ${all(capstan.map((r) => r.wallMs))}), spawn to exit, warm run and close included`,
      `  inside it: start-up + imports ${msText(load)}, createCapstan ${msText(create)}, cold execute ${msText(coldExec)}, warm execute ${msText(warm)}, close ${msText(close)}; process start to cold result ${msText(toCold)}`,
      `${build}; Node ${process.version}`,
      `100 parallel OpenSSH clients ${seconds(sshMs)} (median of ${runs}: ${all(openssh)}); Ansible -f 100 ${seconds(ansibleMs)} (1 run)`,
      ...[...new Set(capstan.flatMap((r) => r.sample.warnings))].map((warning) => `warning in the Capstan worker: ${warning}`),
    ]
    return [
      {
        name: `fanout ${nodeCount} nodes \`true\`: Capstan cold vs 100 OpenSSH clients`,
        ms: wall,
        baselineMs: sshMs,
        ratio: vsOpenssh,
        goal: `<= ${maxColdVsOpenssh}x`,
        met: vsOpenssh <= maxColdVsOpenssh,
        summary: `Capstan ${seconds(wall)} (whole process), OpenSSH ${seconds(sshMs)}, ratio ${vsOpenssh.toFixed(2)}x (process start to cold result ${(toCold / sshMs).toFixed(2)}x)`,
        details: breakdown,
      },
      {
        name: `fanout ${nodeCount} nodes \`true\`: Capstan cold vs Ansible`,
        ms: wall,
        baselineMs: ansibleMs,
        ratio: vsAnsible,
        goal: `<= ${maxColdVsAnsible}x`,
        met: vsAnsible <= maxColdVsAnsible,
        summary: `Capstan ${seconds(wall)} (whole process), Ansible ${seconds(ansibleMs)}, ratio ${vsAnsible.toFixed(3)}x`,
      },
      {
        name: `fanout ${nodeCount} nodes \`true\`: Capstan warm vs cold`,
        ms: warm,
        baselineMs: cold,
        ratio: warmVsCold,
        goal: `<= ${maxWarmVsCold}x`,
        met: warmVsCold <= maxWarmVsCold,
        summary: `warm execute ${msText(warm)}, cold (createCapstan + execute) ${msText(cold)}, ratio ${warmVsCold.toFixed(3)}x (warm vs cold execute alone ${(warm / coldExec).toFixed(3)}x)`,
      },
    ]
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
