import { spawnSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'

/** One process to time: a label and the arguments of `node`. */
export interface TimedProcess {
  label: string
  args: string[]
  /** Checks one run's stdout; throws when the process did not do its job. */
  check?: (stdout: string) => void
}

/** Runs `node <args>` to completion in `cwd` and returns its wall time in ms; throws on a non-zero exit. */
export function timeProcess(target: TimedProcess, cwd: string): number {
  const start = performance.now()
  const run = spawnSync(process.execPath, target.args, { cwd, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  const ms = performance.now() - start
  if (run.error !== undefined) throw run.error
  if (run.status !== 0) throw new Error(`${target.label} exited ${run.status}: ${run.stderr.trim() || run.stdout.trim()}`)
  target.check?.(run.stdout)
  return ms
}

/**
 * Times every process `runs` times after `warmups` unmeasured rounds,
 * interleaved (a, b, c, a, b, c...) so a busy moment of the machine hits them
 * all alike. Returns each one's times, in the order given.
 */
export function timeInterleaved(processes: readonly TimedProcess[], cwd: string, options: { warmups: number; runs: number }): number[][] {
  const times = processes.map((): number[] => [])
  for (let round = 0; round < options.warmups + options.runs; round++) {
    processes.forEach((p, i) => {
      const ms = timeProcess(p, cwd)
      if (round >= options.warmups) times[i]!.push(ms)
    })
  }
  return times
}
