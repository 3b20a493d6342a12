import { ExecutionEvent } from 'capstan'
import { describe, expect, it } from 'vitest'
import { renderNdjson } from '../../../src/cli/render/index.js'
import { EventScript } from './execution-events.js'
import { RecordingOutput } from './recording-output.js'

function script(): EventScript {
  return new EventScript()
    .queued(1)
    .started(['a', 'b'])
    .nodeStarted('a')
    .output('a', 'partial line without newline')
    .output('a', 'err\n', 'stderr')
    .nodeFinished('a')
    .nodeStarted('b')
    .nodeFinished('b', { status: 'failure', exitCode: 1 })
    .finished()
}

describe('renderNdjson', () => {
  it('writes every event as one JSON line that parses back to the event, in order', async () => {
    const events = script()
    const stdout = new RecordingOutput()
    await renderNdjson(events.stream(), stdout)
    const lines = stdout.text.split('\n')
    expect(lines.pop()).toBe('')
    expect(lines).toHaveLength(events.events.length)
    const parsed = lines.map((line) => ExecutionEvent.parse(JSON.parse(line)))
    expect(parsed).toEqual(events.events)
    expect(parsed.map((event) => event.seq)).toEqual(events.events.map((_, index) => index))
  })

  it('writes each event as it arrives (one write per event) from a slow stream', async () => {
    const events = script()
    const stdout = new RecordingOutput()
    const writtenBefore: number[] = []
    await renderNdjson(events.stream({ delayMs: 3, onYield: () => writtenBefore.push(stdout.chunks.length) }), stdout)
    expect(writtenBefore).toEqual(events.events.map((_, index) => index))
    expect(stdout.chunks.every((chunk) => chunk.endsWith('\n') && chunk.indexOf('\n') === chunk.length - 1)).toBe(true)
  })

  it('returns the result and the node counts', async () => {
    const outcome = await renderNdjson(script().stream(), new RecordingOutput())
    expect(outcome.failed).toBe(1)
    expect(outcome.succeeded).toBe(1)
    expect(outcome.result?.status).toBe('partial')
  })

  it('waits for stdout to drain', async () => {
    const stdout = new RecordingOutput({ backpressure: true })
    let pulled = 0
    const rendering = renderNdjson(script().stream({ onYield: () => pulled++ }), stdout)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(pulled).toBe(1)
    expect(stdout.chunks).toHaveLength(1)
    const drainer = setInterval(() => stdout.drain(), 1)
    await rendering.finally(() => clearInterval(drainer))
    expect(stdout.chunks).toHaveLength(script().events.length)
  })
})
