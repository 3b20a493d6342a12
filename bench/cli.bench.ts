import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BenchResult } from './bench-result.js'
import { timeInterleaved, type TimedProcess } from './cli-run.js'
import { ensureBuilt } from '../test/support/ensure-built.js'
import { median } from './median-time.js'

const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const cliPath = join(repoRoot, 'dist', 'cli', 'capstan.js')
const CONFIG_NAMES = ['capstan.config.mjs', 'capstan.config.js', 'capstan.config.json', 'capstan.config.yaml', 'capstan.config.yml']
const GOAL_MS = 150

/** Fails when a capstan.config.* in `dir` or above would apply to the measured runs. */
function assertNoConfig(dir: string): void {
  for (let current = dir; ; current = dirname(current)) {
    const found = CONFIG_NAMES.find((name) => existsSync(join(current, name)))
    if (found !== undefined) throw new Error(`${join(current, found)} would configure the measured runs; the bench needs a directory with no capstan.config.* above it`)
    if (dirname(current) === current) return
  }
}

const range = (times: number[]) => `${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)} ms`

/**
 * Start-up of the built `capstan` bin (dist/cli/capstan.js) as a whole process, from
 * spawn to exit, in a temporary directory with no configuration (so the
 * built-in local plugin serves): `capstan --help`, which must not start a
 * plugin, and `capstan inventory list`, which starts the local one. Baseline:
 * `node -e 0`, Node's own start-up, timed in the same rounds.
 * Goal: `--help` under 150 ms; `inventory list` is reported only.
 */
export async function benchCliStartup(): Promise<BenchResult[]> {
  const notBuilt = `the bench measures the built capstan bin, ${cliPath} (tsup entry src/cli/bin.ts)`
  let built: string
  try {
    built = await ensureBuilt(repoRoot, [{ src: join(repoRoot, 'src'), entry: cliPath }])
  } catch (error) {
    throw new Error(`${notBuilt}, and building it failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }
  if (!existsSync(cliPath)) throw new Error(`${notBuilt}, which \`npm run build\` did not produce`)
  const cwd = await mkdtemp(join(tmpdir(), 'capstan-cli-bench-'))
  try {
    assertNoConfig(cwd)
    const processes: TimedProcess[] = [
      { label: 'node -e 0', args: ['-e', '0'] },
      {
        label: 'capstan --help',
        args: [cliPath, '--help'],
        check: (stdout) => {
          if (!stdout.includes('capstan inventory list')) throw new Error(`capstan --help did not list the commands:\n${stdout}`)
        },
      },
      {
        label: 'capstan inventory list',
        args: [cliPath, 'inventory', 'list'],
        check: (stdout) => {
          if (!stdout.includes('localhost')) throw new Error(`capstan inventory list did not list localhost (the local plugin's node):\n${stdout}`)
        },
      },
    ]
    const runs = 15
    const [nodeTimes, helpTimes, listTimes] = timeInterleaved(processes, cwd, { warmups: 3, runs }) as [number[], number[], number[]]
    const baselineMs = median(nodeTimes)
    const helpMs = median(helpTimes)
    const listMs = median(listTimes)
    const common = [`${built}; medians of ${runs} runs after 3 warm-ups, interleaved, in ${cwd} (no config: local plugin)`, `node -e 0: ${baselineMs.toFixed(1)} ms (${range(nodeTimes)})`]
    return [
      {
        name: 'capstan --help, process spawn to exit',
        ms: helpMs,
        baselineMs,
        ratio: helpMs / baselineMs,
        goal: `< ${GOAL_MS} ms`,
        met: helpMs < GOAL_MS,
        details: [...common, `capstan --help: ${helpMs.toFixed(1)} ms (${range(helpTimes)}), ${(helpMs - baselineMs).toFixed(1)} ms above Node's start-up`],
      },
      {
        name: 'capstan inventory list (local plugin), process spawn to exit',
        ms: listMs,
        baselineMs,
        ratio: listMs / baselineMs,
        goal: 'none, report only',
        met: true,
        details: [`capstan inventory list: ${listMs.toFixed(1)} ms (${range(listTimes)}), ${(listMs - baselineMs).toFixed(1)} ms above Node's start-up`],
      },
    ]
  } finally {
    await rm(cwd, { recursive: true, force: true })
  }
}
