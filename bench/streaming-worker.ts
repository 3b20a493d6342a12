/**
 * One measurement of the streaming bench, in a process of its own so its
 * peak RSS says something: `node --expose-gc --import tsx bench/streaming-worker.ts <raw|capstan> <bytes>`.
 * Runs a warm-up in the same mode (3 x 8 MiB), collects garbage (with
 * --expose-gc), notes the RSS, then streams `bytes` of output and prints a
 * {@link StreamingSample} as JSON on the last line of stdout.
 */
import { spawn } from 'node:child_process'
import { createCapstan } from '../src/index.js'
import { localPlugin } from '../src/local/index.js'
import { MiB, streamingCommand, type StreamingMode, type StreamingSample } from './streaming-command.js'

const [modeArg, bytesArg] = process.argv.slice(2)
if ((modeArg !== 'raw' && modeArg !== 'capstan') || bytesArg === undefined || !/^\d+$/.test(bytesArg)) {
  console.error('usage: node --expose-gc --import tsx bench/streaming-worker.ts <raw|capstan> <bytes>')
  process.exit(2)
}
const mode: StreamingMode = modeArg
const bytes = Number(bytesArg)
/** Unmeasured runs of {@link warmupBytes} first, in the same mode. */
const warmups = 3
const warmupBytes = 8 * MiB

/** Tracks the highest RSS seen; `sample()` is cheap enough to call every few chunks. */
class RssSampler {
  peak = 0
  readonly #timer: NodeJS.Timeout
  constructor() {
    this.sample()
    this.#timer = setInterval(() => this.sample(), 10)
  }
  sample(): void {
    const rss = process.memoryUsage.rss()
    if (rss > this.peak) this.peak = rss
  }
  stop(): number {
    clearInterval(this.#timer)
    this.sample()
    return this.peak
  }
}

/** Baseline: a plain pipe, bytes counted in 'data' handlers, as Buffers (no decoding). */
function consumeRaw(command: string, onChunk: (chunk: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], { stdio: ['ignore', 'pipe', 'inherit'] })
    child.stdout.on('data', (buffer: Buffer) => onChunk(buffer.length))
    child.once('error', reject)
    child.once('close', (code, signal) => (code === 0 ? resolve() : reject(new Error(`raw command ended with ${code ?? signal}`))))
  })
}

const capstan = mode === 'capstan' ? await createCapstan({ plugins: [localPlugin()] }) : undefined

/** Through Capstan: an Execution on localhost, consumed by one `for await`. */
async function consumeCapstan(command: string, onChunk: (chunk: number) => void): Promise<void> {
  const run = capstan!.command.execute({ targets: 'localhost', command })
  for await (const event of run) {
    if (event.type === 'node:output' && event.stream === 'stdout') onChunk(Buffer.byteLength(event.chunk))
    if (event.type === 'output:dropped') throw new Error(`the consumer was sent output:dropped for ${event.bytes} bytes`)
  }
  const result = await run.result
  if (result.status !== 'success') throw new Error(`the execution ended ${result.status}: ${JSON.stringify(result.nodes[0]?.error ?? result.nodes[0]?.stderr)}`)
}

const consume = mode === 'raw' ? consumeRaw : consumeCapstan

// Warm-up: a long-running host has compiled these paths long ago; without it a 10 MiB run is mostly JIT.
for (let i = 0; i < warmups; i++) await consume(streamingCommand(warmupBytes), () => undefined)
globalThis.gc?.()
await new Promise((resolve) => setTimeout(resolve, 50))

const startRss = process.memoryUsage.rss()
const sampler = new RssSampler()
let counted = 0
let chunks = 0
const cpuBefore = process.cpuUsage()
const started = performance.now()
await consume(streamingCommand(bytes), (size) => {
  counted += size
  chunks += 1
  if ((chunks & 15) === 0) sampler.sample()
})
const ms = performance.now() - started
const cpu = process.cpuUsage(cpuBefore)
const peakRss = sampler.stop()
await capstan?.close()

const sample: StreamingSample = { mode, bytes: counted, ms, startRss, peakRss, maxRss: process.resourceUsage().maxRSS * 1024, chunks, cpuMs: (cpu.user + cpu.system) / 1000 }
console.log(JSON.stringify(sample))
