import { describe, expect, it } from 'vitest'
import type { ExecutionEvent } from '../../../src/capabilities/models/execution-event.js'
import { isCapstanError } from '../../../src/errors/capstan-error.js'
import { ExecutionStream } from '../../../src/execution/stream/execution-stream.js'
import type { EventBody } from '../../../src/execution/stream/event-body.js'
import { drain, eagerReader, isSettled, seqs, settle } from './stream-helpers.js'

const nodeResult = (node: string) => ({
  node,
  status: 'success' as const,
  exitCode: 0,
  stdout: '',
  stderr: '',
  startedAt: '2024-01-01T00:00:00.000Z',
  finishedAt: '2024-01-01T00:00:01.000Z',
  durationMs: 1000,
  truncated: false,
})

const script: EventBody[] = [
  { type: 'queued', position: 0 },
  { type: 'started', nodes: ['a', 'b'] },
  { type: 'node:started', node: 'a' },
  { type: 'node:started', node: 'b' },
  { type: 'node:output', node: 'a', stream: 'stdout', chunk: 'hello ' },
  { type: 'node:output', node: 'b', stream: 'stderr', chunk: 'warn\n' },
  { type: 'node:output', node: 'a', stream: 'stdout', chunk: 'world\n' },
  { type: 'node:finished', node: 'a', result: nodeResult('a') },
  { type: 'node:finished', node: 'b', result: nodeResult('b') },
  {
    type: 'finished',
    result: { id: 'e1', capability: 'command.execute', plugins: ['local'], status: 'success', nodes: [nodeResult('a'), nodeResult('b')], startedAt: '2024-01-01T00:00:00.000Z', finishedAt: '2024-01-01T00:00:01.000Z', durationMs: 1000 },
  },
]

async function play(stream: ExecutionStream, events: EventBody[] = script): Promise<void> {
  for (const event of events) await stream.push(event)
  stream.end()
}

describe('ExecutionStream', () => {
  it('numbers events from 0 without gaps and stamps them with ISO times from its clock', async () => {
    let ms = Date.UTC(2024, 0, 1)
    const stream = new ExecutionStream({ executionId: 'e1', now: () => new Date((ms += 1500)) })
    await play(stream)
    const events = await drain(stream.subscribe())
    expect(seqs(events)).toEqual(script.map((_, i) => i))
    expect(events.every((e) => e.executionId === 'e1')).toBe(true)
    expect(events[0]?.timestamp).toBe('2024-01-01T00:00:01.500Z')
    for (const event of events) expect(new Date(event.timestamp).toISOString()).toBe(event.timestamp)
    expect(events.map((e) => e.type)).toEqual(script.map((e) => e.type))
  })

  it('replays everything to a late subscriber, identical to what an early consumer saw', async () => {
    const stream = new ExecutionStream({ executionId: 'e1' })
    const early = eagerReader(stream)
    await stream.push(script[0] as EventBody)
    const middle = stream.subscribe()
    await play(stream, script.slice(1))
    await early.done
    const late = await drain(stream.subscribe())
    expect(early.events).toHaveLength(script.length)
    expect(late).toEqual(early.events)
    expect(await drain(middle)).toEqual(early.events)
    expect(late.at(-1)?.type).toBe('finished')
  })

  it('gives two consumers that keep up identical sequences', async () => {
    const stream = new ExecutionStream({ executionId: 'e1', maxStoredOutputBytes: 8 })
    const one = eagerReader(stream)
    const two = eagerReader(stream)
    const body: EventBody[] = [...script.slice(0, 4)]
    for (let i = 0; i < 50; i++) body.push({ type: 'node:output', node: i % 2 === 0 ? 'a' : 'b', stream: 'stdout', chunk: `line ${i}\n` })
    await play(stream, [...body, ...script.slice(7)])
    await Promise.all([one.done, two.done])
    expect(one.events.length).toBeGreaterThan(body.length)
    expect(two.events).toEqual(one.events)
    expect(one.events.some((e) => e.type === 'output:dropped')).toBe(false)
  })

  it('keeps what the producer pushes out of the stored events (no aliasing of caller objects)', async () => {
    const stream = new ExecutionStream({ executionId: 'e1' })
    const event: EventBody = { type: 'node:started', node: 'a' }
    await stream.push(event)
    stream.end()
    const [stored] = await drain(stream.subscribe())
    expect(stored).toMatchObject({ type: 'node:started', node: 'a', seq: 0 })
    expect(event).toEqual({ type: 'node:started', node: 'a' })
  })

  it('ignores pushes after end, so the replay still ends with finished', async () => {
    const stream = new ExecutionStream({ executionId: 'e1' })
    await play(stream)
    await stream.push({ type: 'node:started', node: 'late' })
    const events = await drain(stream.subscribe())
    expect(events.at(-1)?.type).toBe('finished')
    expect(events).toHaveLength(script.length)
  })

  it('makes every consumer, and later subscribers, throw the error given to fail()', async () => {
    const stream = new ExecutionStream({ executionId: 'e1' })
    await stream.push({ type: 'queued', position: 0 })
    const waiting = stream.subscribe()
    await waiting.next()
    const pending = waiting.next()
    const idle = stream.subscribe()
    const error = new Error('bad task parameters')
    stream.fail(error)
    await expect(pending).rejects.toBe(error)
    await expect(idle.next()).rejects.toBe(error)
    await expect(stream.subscribe().next()).rejects.toBe(error)
    expect(stream.consumers).toBe(0)
    // After throwing, an iterator is over.
    expect(await waiting.next()).toEqual({ done: true, value: undefined })
  })

  it('ends a consumer quietly when its signal aborts, even while it waits', async () => {
    const stream = new ExecutionStream({ executionId: 'e1' })
    const controller = new AbortController()
    const reader = eagerReader(stream, controller.signal)
    await stream.push({ type: 'queued', position: 0 })
    await settle()
    expect(stream.consumers).toBe(1)
    controller.abort(new Error('caller gave up'))
    await expect(reader.done).resolves.toBeUndefined()
    expect(reader.events.map((e) => e.type)).toEqual(['queued'])
    expect(stream.consumers).toBe(0)
    // An already aborted signal gives an empty iteration that never attaches.
    const none = stream.subscribe({ signal: controller.signal })
    expect(stream.consumers).toBe(0)
    expect(await none.next()).toEqual({ done: true, value: undefined })
  })

  it('detaches a consumer the moment it breaks out of its loop', async () => {
    const stream = new ExecutionStream({ executionId: 'e1' })
    await play(stream, script.slice(0, 5))
    const iterator = stream.subscribe()
    const second = stream.subscribe()
    expect(stream.consumers).toBe(2)
    const seen: ExecutionEvent[] = []
    for await (const event of { [Symbol.asyncIterator]: () => iterator }) {
      seen.push(event)
      if (seen.length === 2) break
    }
    expect(seen).toHaveLength(2)
    expect(stream.consumers).toBe(1)
    await second.return?.()
    expect(stream.consumers).toBe(0)
  })

  it('resolves a pending next() with done when the consumer is returned', async () => {
    const stream = new ExecutionStream({ executionId: 'e1' })
    const iterator = stream.subscribe()
    const pending = iterator.next()
    expect(await isSettled(pending)).toBe(false)
    await iterator.return?.()
    expect(await pending).toEqual({ done: true, value: undefined })
  })

  it('keeps order for concurrent next() calls', async () => {
    const stream = new ExecutionStream({ executionId: 'e1' })
    const iterator = stream.subscribe()
    const first = iterator.next()
    const second = iterator.next()
    await stream.push({ type: 'queued', position: 0 })
    await stream.push({ type: 'started', nodes: [] })
    expect((await first).value?.seq).toBe(0)
    expect((await second).value?.seq).toBe(1)
  })

  it('rejects bad options with a VALIDATION_ERROR naming the field', () => {
    try {
      new ExecutionStream({ executionId: 'e1', maxStoredOutputBytes: -1 })
      expect.unreachable()
    } catch (error) {
      expect(isCapstanError(error, 'VALIDATION_ERROR')).toBe(true)
      expect((error as Error).message).toContain('maxStoredOutputBytes')
    }
  })
})
