import { fileURLToPath } from 'node:url'
import type { BenchResult } from './bench-result.js'
import { median } from './median-time.js'
import { runWorker } from './run-worker.js'
import { MiB, type StreamingMode, type StreamingSample } from './streaming-command.js'

/** The output of the measured run: 100 MiB, as the issue asks. */
const largeBytes = 100 * MiB
/** The smaller run that memory must stay flat against. */
const smallBytes = 10 * MiB
/** Worker runs per mode and size; throughput and memory are the medians. */
const runs = 3
/** Capstan's throughput relative to the raw pipe must be at least this. */
const minThroughputRatio = 0.8
/** Capstan's peak RSS above its start, at 100 MiB of output, must be at most this. */
const maxExtraRss = 64 * MiB
/** And may grow at most this much from 10 MiB to 100 MiB of output. */
const maxExtraRssGrowth = 16 * MiB
/** A worker that takes longer than this has hung. */
const workerTimeoutMs = 60_000

const workerPath = fileURLToPath(new URL('./streaming-worker.ts', import.meta.url))

/**
 * Runs one measurement in a fresh Node process (so its RSS is its own) and
 * checks it counted every byte.
 */
async function measure(mode: StreamingMode, bytes: number): Promise<StreamingSample> {
  const sample = await runWorker<StreamingSample>(workerPath, [mode, String(bytes)], workerTimeoutMs)
  // A consumer that lost or invented output would be timed doing less (or other) work: fail instead.
  if (sample.bytes !== bytes) throw new Error(`${mode} consumer counted ${sample.bytes} bytes of output, expected ${bytes}`)
  return sample
}

interface Series {
  /** Median throughput, MiB/s. */
  mibPerSecond: number
  /** Median ms. */
  ms: number
  /** Median peak RSS above the start RSS, bytes; and the range over the runs. */
  extra: number
  extraMin: number
  extraMax: number
  /** Median CPU time of the consuming process, ms. */
  cpuMs: number
  /** Median output chunks the consumer saw. */
  chunks: number
}

function series(samples: StreamingSample[]): Series {
  const extras = samples.map((s) => s.peakRss - s.startRss)
  const ms = median(samples.map((s) => s.ms))
  return {
    ms,
    mibPerSecond: samples[0]!.bytes / MiB / (ms / 1000),
    extra: median(extras),
    extraMin: Math.min(...extras),
    extraMax: Math.max(...extras),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    chunks: median(samples.map((s) => s.chunks)),
  }
}

const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`
const range = (s: Series) => `${mib(s.extra)} (${(s.extraMin / MiB).toFixed(1)}–${(s.extraMax / MiB).toFixed(1)})`

/**
 * 100 MiB of stdout from one process (`head -c … /dev/zero | tr '\0' x`
 * through `/bin/sh -c`), consumed two ways, each in fresh Node processes:
 * a raw `child_process.spawn` pipe counting bytes in 'data' handlers (the
 * baseline), and a Capstan `command.execute` on localhost consumed by
 * `for await`. Throughput is the median of 3 runs; memory is the peak RSS
 * above the process's RSS just before the run, at 10 and 100 MiB.
 */
export async function benchStreaming(): Promise<BenchResult[]> {
  const samples: Record<`${StreamingMode}:${number}`, StreamingSample[]> = {}
  for (const bytes of [smallBytes, largeBytes]) {
    for (let i = 0; i < runs; i++) {
      // Alternating spreads a slow moment of the machine over both sides.
      for (const mode of ['raw', 'capstan'] as const) (samples[`${mode}:${bytes}`] ??= []).push(await measure(mode, bytes))
    }
  }
  const raw = series(samples[`raw:${largeBytes}`]!)
  const capstan = series(samples[`capstan:${largeBytes}`]!)
  const rawSmall = series(samples[`raw:${smallBytes}`]!)
  const capstanSmall = series(samples[`capstan:${smallBytes}`]!)

  const throughputRatio = capstan.mibPerSecond / raw.mibPerSecond
  const growth = capstan.extra - capstanSmall.extra
  const memoryMet = capstan.extra <= maxExtraRss && growth <= maxExtraRssGrowth
  return [
    {
      name: 'streaming 100 MiB stdout: throughput',
      ms: capstan.ms,
      baselineMs: raw.ms,
      ratio: capstan.ms / raw.ms,
      goal: `capstan/raw >= ${minThroughputRatio}`,
      met: throughputRatio >= minThroughputRatio,
      summary: `capstan ${capstan.mibPerSecond.toFixed(0)} MiB/s (${capstan.ms.toFixed(0)} ms), raw pipe ${raw.mibPerSecond.toFixed(0)} MiB/s (${raw.ms.toFixed(0)} ms), capstan/raw ${throughputRatio.toFixed(2)}`,
      details: [
        `consumer CPU (user+sys, all threads): capstan ${capstan.cpuMs.toFixed(0)} ms, raw ${raw.cpuMs.toFixed(0)} ms; chunks: capstan ${capstan.chunks}, raw ${raw.chunks}`,
        `10 MiB: capstan ${capstanSmall.mibPerSecond.toFixed(0)} MiB/s, raw ${rawSmall.mibPerSecond.toFixed(0)} MiB/s, capstan/raw ${(capstanSmall.mibPerSecond / rawSmall.mibPerSecond).toFixed(2)} (not a goal)`,
      ],
    },
    {
      name: 'streaming 100 MiB stdout: peak RSS above start',
      ms: capstan.ms,
      baselineMs: raw.ms,
      ratio: capstan.ms / raw.ms,
      goal: `capstan <= ${mib(maxExtraRss)} at 100 MiB and grows <= ${mib(maxExtraRssGrowth)} from 10 MiB`,
      met: memoryMet,
      summary: `capstan +${range(capstan)} at 100 MiB, +${range(capstanSmall)} at 10 MiB (growth ${mib(growth)}); raw pipe +${range(raw)} at 100 MiB, +${range(rawSmall)} at 10 MiB`,
      details: [`capstan above raw at 100 MiB: ${mib(capstan.extra - raw.extra)} (medians of ${runs} fresh processes each; range min–max)`],
    },
  ]
}
