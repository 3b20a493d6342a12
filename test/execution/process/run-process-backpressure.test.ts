import { describe, expect, it } from 'vitest'
import { DEFAULT_MAX_BUFFERED_BYTES, runProcess, type ProcessExitEvent } from '../../../src/execution/process/index.js'

const FIFTY_MB = 50 * 1024 * 1024

/** Reads all of `head -c 50M /dev/zero`, pausing every `every` chunks, as a consumer slower than the pipe. */
async function consumeSlowly(every: number, maxBufferedBytes?: number): Promise<{ bytes: number; chunks: number; exit: ProcessExitEvent }> {
  let bytes = 0
  let chunks = 0
  for await (const event of runProcess({ argv: ['head', '-c', String(FIFTY_MB), '/dev/zero'], maxBufferedBytes })) {
    if (event.type === 'output') {
      bytes += event.bytes
      if (++chunks % every === 0) await new Promise((resolve) => setTimeout(resolve, 1))
    }
    if (event.type === 'exit') return { bytes, chunks, exit: event }
  }
  throw new Error('no exit event')
}

describe('runProcess backpressure', () => {
  it('holds back a fast child for a slow consumer: 50 MB pass with at most twice the mark queued', { timeout: 15_000 }, async () => {
    const { bytes, exit } = await consumeSlowly(4)
    expect(bytes).toBe(FIFTY_MB)
    expect(exit).toMatchObject({ exitCode: 0, signal: null })
    // The consumer did fall behind (the queue reached the mark), and reading stopped there.
    expect(exit.maxQueuedBytes).toBeGreaterThanOrEqual(DEFAULT_MAX_BUFFERED_BYTES)
    expect(exit.maxQueuedBytes).toBeLessThanOrEqual(2 * DEFAULT_MAX_BUFFERED_BYTES)
  })

  it('honours a smaller mark, still under twice the mark', { timeout: 15_000 }, async () => {
    const mark = 8 * 1024
    const { bytes, exit } = await consumeSlowly(16, mark)
    expect(bytes).toBe(FIFTY_MB)
    expect(exit.maxQueuedBytes).toBeGreaterThanOrEqual(mark)
    expect(exit.maxQueuedBytes).toBeLessThanOrEqual(2 * mark)
  })
})
