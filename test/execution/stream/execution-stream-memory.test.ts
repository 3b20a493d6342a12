import { describe, expect, it } from 'vitest'
import { ExecutionStream } from '../../../src/execution/stream/execution-stream.js'
import { eagerReader } from './stream-helpers.js'
import { fullGc } from '../../support/full-gc.js'

const MiB = 1024 * 1024
const CHUNK = 64 * 1024
const TOTAL = 200 * MiB

/**
 * Pushes TOTAL bytes of output in fresh 64 KiB strings (each a new allocation,
 * so keeping them would show) and returns the largest retained-heap growth
 * seen at checkpoints, in bytes.
 */
async function pushAll(stream: ExecutionStream, gc: () => void): Promise<number> {
  gc()
  const baseline = process.memoryUsage().heapUsed
  let peak = 0
  for (let pushed = 0, i = 0; pushed < TOTAL; pushed += CHUNK, i++) {
    const chunk = Buffer.alloc(CHUNK, 97 + (i % 26)).toString('latin1')
    await stream.push({ type: 'node:output', node: i % 2 === 0 ? 'a' : 'b', stream: 'stdout', chunk })
    if (i % 256 === 0) {
      gc()
      peak = Math.max(peak, process.memoryUsage().heapUsed - baseline)
    }
  }
  gc()
  return Math.max(peak, process.memoryUsage().heapUsed - baseline)
}

/** A consumer that reads as fast as it can and only counts output bytes (keeping events would be the leak). */
function countingReader(stream: ExecutionStream): Promise<{ received: number; dropped: number }> {
  return (async () => {
    const totals = { received: 0, dropped: 0 }
    for await (const event of stream.subscribe()) {
      if (event.type === 'node:output') totals.received += event.chunk.length
      else if (event.type === 'output:dropped') totals.dropped += event.bytes
    }
    return totals
  })()
}

describe('ExecutionStream memory', () => {
  const gc = fullGc()

  it('stays bounded through 200 MB of output with one fast consumer', async () => {
    const started = Date.now()
    const stream = new ExecutionStream({ executionId: 'e1' })
    const reader = countingReader(stream)
    const growth = await pushAll(stream, gc)
    stream.end()
    expect(await reader).toEqual({ received: TOTAL, dropped: 0 })
    expect(growth).toBeLessThan(64 * MiB)
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('stays bounded through 200 MB of output with no consumer, and replays as stored + dropped', async () => {
    const started = Date.now()
    const stream = new ExecutionStream({ executionId: 'e1' })
    const growth = await pushAll(stream, gc)
    stream.end()
    expect(growth).toBeLessThan(64 * MiB)
    expect(Date.now() - started).toBeLessThan(10_000)
    const late = eagerReader(stream)
    await late.done
    const dropped = late.events.filter((e) => e.type === 'output:dropped')
    // One record per node+stream for 200 MB, not one per chunk.
    expect(dropped).toHaveLength(2)
    expect(dropped.reduce((sum, e) => sum + (e.type === 'output:dropped' ? e.bytes : 0), 0)).toBe(TOTAL - 2 * MiB)
  })

  it('stays bounded with a consumer that never reads next to a fast one', async () => {
    const stream = new ExecutionStream({ executionId: 'e1' })
    const idle = stream.subscribe()
    const fast = countingReader(stream)
    const growth = await pushAll(stream, gc)
    stream.end()
    expect(await fast).toEqual({ received: TOTAL, dropped: 0 })
    expect(growth).toBeLessThan(64 * MiB)
    // The idle one, read at last, is told about everything it missed.
    const { received, dropped } = await countingReader(stream)
    expect(received + dropped).toBe(TOTAL)
    await idle.return?.()
  })
})
