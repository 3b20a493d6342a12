import { describe, expect, it } from 'vitest'
import { ExecutionStream } from '../../../src/execution/stream/execution-stream.js'
import type { EventBody } from '../../../src/execution/stream/event-body.js'
import { drain, isSettled, tally } from './stream-helpers.js'

const out = (chunk: string): EventBody => ({ type: 'node:output', node: 'a', stream: 'stdout', chunk })

describe('ExecutionStream backpressure', () => {
  it('holds push while the only consumer is more than consumerLagBytes behind, and lets go when it reads', async () => {
    const stream = new ExecutionStream({ executionId: 'e1', maxStoredOutputBytes: 0, consumerLagBytes: 100 })
    const consumer = stream.subscribe()
    expect(await isSettled(stream.push(out('x'.repeat(60))))).toBe(true)
    const held = stream.push(out('y'.repeat(60)))
    expect(await isSettled(held)).toBe(false)
    // Reading the first chunk brings the lag to 60 bytes, under the limit.
    const first = await consumer.next()
    expect(first.value).toMatchObject({ type: 'node:output', chunk: 'x'.repeat(60) })
    expect(await isSettled(held)).toBe(true)
    // Nothing was dropped while the producer waited.
    stream.end()
    const rest = await drain(consumer)
    expect(rest.map((e) => e.type)).toEqual(['node:output'])
  })

  it('never loses output for a single slow consumer when the producer awaits push', async () => {
    const stream = new ExecutionStream({ executionId: 'e1', maxStoredOutputBytes: 0, consumerLagBytes: 1000 })
    const consumer = stream.subscribe()
    const producer = (async () => {
      for (let i = 0; i < 200; i++) await stream.push(out(String(i % 10).repeat(97)))
      stream.end()
    })()
    const events = []
    for await (const event of { [Symbol.asyncIterator]: () => consumer }) {
      events.push(event)
      // A reader much slower than the producer.
      if (events.length % 7 === 0) await new Promise((resolve) => setTimeout(resolve, 1))
    }
    await producer
    expect(tally(events).get('stdout:a')).toEqual({ received: 200 * 97, dropped: 0 })
  })

  it('never waits with no consumer', async () => {
    const stream = new ExecutionStream({ executionId: 'e1', maxStoredOutputBytes: 0, consumerLagBytes: 10 })
    for (let i = 0; i < 20; i++) expect(await isSettled(stream.push(out('z'.repeat(100))))).toBe(true)
  })

  it('never waits with two consumers, even if neither reads: one slow reader must not hold back the other', async () => {
    const stream = new ExecutionStream({ executionId: 'e1', maxStoredOutputBytes: 0, consumerLagBytes: 10 })
    stream.subscribe()
    stream.subscribe()
    for (let i = 0; i < 20; i++) expect(await isSettled(stream.push(out('z'.repeat(100))))).toBe(true)
  })

  it('lets a held push go when a second consumer arrives, when the consumer leaves, and on end', async () => {
    const stream = new ExecutionStream({ executionId: 'e1', maxStoredOutputBytes: 0, consumerLagBytes: 10 })
    const only = stream.subscribe()
    const held = stream.push(out('a'.repeat(50)))
    expect(await isSettled(held)).toBe(false)
    const second = stream.subscribe()
    expect(await isSettled(held)).toBe(true)

    await second.return?.()
    const again = stream.push(out('b'.repeat(50)))
    expect(await isSettled(again)).toBe(false)
    await only.return?.()
    expect(await isSettled(again)).toBe(true)

    const last = stream.subscribe()
    const third = stream.push(out('c'.repeat(50)))
    expect(await isSettled(third)).toBe(false)
    stream.end()
    expect(await isSettled(third)).toBe(true)
    expect(stream.consumers).toBe(1)
    await last.return?.()
  })
})
