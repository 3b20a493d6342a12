import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { ExecutionEvent } from '../../../src/capabilities/models/execution-event.js'
import { ExecutionStream } from '../../../src/execution/stream/execution-stream.js'
import { drain, eagerReader, settle, strictlyIncreasing, seqs, tally } from './stream-helpers.js'

const KiB = 1024

/** Pushes `count` chunks of `size` bytes, alternating between the given node+streams. */
async function flood(stream: ExecutionStream, sources: Array<[string, 'stdout' | 'stderr']>, count: number, size: number): Promise<Map<string, number>> {
  const pushed = new Map<string, number>()
  for (let i = 0; i < count; i++) {
    const [node, name] = sources[i % sources.length] as [string, 'stdout' | 'stderr']
    const chunk = String.fromCharCode(97 + (i % 26)).repeat(size)
    await stream.push({ type: 'node:output', node, stream: name, chunk })
    pushed.set(`${name}:${node}`, (pushed.get(`${name}:${node}`) ?? 0) + size)
  }
  return pushed
}

describe('ExecutionStream output beyond the cap', () => {
  it('stores exactly the cap, flags truncation, and tells a late subscriber the exact bytes it missed', async () => {
    const cap = 10 * KiB
    const stream = new ExecutionStream({ executionId: 'e1', maxStoredOutputBytes: cap, consumerLagBytes: 8 * KiB })
    await stream.push({ type: 'node:started', node: 'a' })
    const pushed = await flood(stream, [['a', 'stdout'], ['a', 'stderr'], ['b', 'stdout']], 90, 3 * KiB + 7)
    const result = { node: 'a', status: 'success' as const, exitCode: 0, stdout: '', stderr: '', startedAt: '', finishedAt: '', durationMs: 0, truncated: true }
    await stream.push({ type: 'node:finished', node: 'a', result })
    await stream.push({ type: 'finished', result: { id: 'e1', capability: 'command.execute', plugins: [], status: 'success', nodes: [result], startedAt: '', finishedAt: '', durationMs: 0 } })
    stream.end()

    const stored = stream.storedOutput('a')
    expect(stored.truncated).toBe(true)
    expect(Buffer.byteLength(stored.stdout)).toBe(cap)
    expect(Buffer.byteLength(stored.stderr)).toBe(cap)
    expect(stream.storedOutput('nobody')).toEqual({ stdout: '', stderr: '', truncated: false })

    const late = await drain(stream.subscribe())
    expect(strictlyIncreasing(seqs(late))).toBe(true)
    expect(late.at(-1)?.type).toBe('finished')
    const totals = tally(late)
    for (const [key, bytes] of pushed) {
      const seen = totals.get(key)
      expect(seen?.received, key).toBe(cap)
      expect((seen?.received ?? 0) + (seen?.dropped ?? 0), key).toBe(bytes)
    }
    // One dropped event per run, not per chunk (87 chunks went unstored). Runs end only at
    // stored events: the last stored pieces of a/stderr and b/stdout split the first runs of
    // the streams that hit the cap before them; after that, each stream's run is unbroken.
    const drops = late.flatMap((e) => (e.type === 'output:dropped' ? [`${e.stream}:${e.node}`] : []))
    expect(drops).toEqual(['stdout:a', 'stderr:a', 'stdout:a', 'stderr:a', 'stdout:b'])
    // Dropped output sits before the node finished, where it happened.
    const finishedAt = late.findIndex((e) => e.type === 'node:finished')
    const lastDrop = late.findLastIndex((e) => e.type === 'output:dropped' && e.node === 'a')
    expect(lastDrop).toBeLessThan(finishedAt)
    // Two late subscribers agree.
    expect(await drain(stream.subscribe())).toEqual(late)
  })

  it('splits the chunk crossing the cap on a character boundary; a live consumer still gets all of it', async () => {
    const stream = new ExecutionStream({ executionId: 'e1', maxStoredOutputBytes: 10 })
    const reader = eagerReader(stream)
    await stream.push({ type: 'node:output', node: 'a', stream: 'stdout', chunk: 'abcdefghi€xyz' })
    stream.end()
    await reader.done
    expect(reader.events.map((e) => (e.type === 'node:output' ? e.chunk : e.type))).toEqual(['abcdefghi', '€xyz'])
    expect(seqs(reader.events)).toEqual([0, 1])
    expect(stream.storedOutput('a')).toEqual({ stdout: 'abcdefghi', stderr: '', truncated: true })
    const late = await drain(stream.subscribe())
    expect(late.map((e) => e.type)).toEqual(['node:output', 'output:dropped'])
    expect(late[1]).toMatchObject({ seq: 1, node: 'a', stream: 'stdout', bytes: Buffer.byteLength('€xyz') })
  })

  it('gives a slow consumer (one of two) output:dropped with exact counts, then the later events', async () => {
    const stream = new ExecutionStream({ executionId: 'e1', maxStoredOutputBytes: 4 * KiB, consumerLagBytes: 16 * KiB })
    const fast = eagerReader(stream)
    const slow = stream.subscribe()
    const slowSeen: ExecutionEvent[] = []
    // The slow consumer reads a little, then stops while 200 KiB go by.
    await stream.push({ type: 'node:started', node: 'a' })
    slowSeen.push((await slow.next()).value as ExecutionEvent)
    const pushed = await flood(stream, [['a', 'stdout'], ['b', 'stdout']], 20, 1 * KiB)
    // 8 stored chunks, then 4 from the live window: when those leave the window, the slow
    // consumer must only be told about the part of their run it did not get.
    for (let i = 0; i < 12; i++) slowSeen.push((await slow.next()).value as ExecutionEvent)
    expect(tally(slowSeen).get('stdout:a')).toEqual({ received: 6 * KiB, dropped: 0 })
    const more = await flood(stream, [['a', 'stdout'], ['b', 'stdout']], 200, 1 * KiB)
    for (const [key, bytes] of more) pushed.set(key, (pushed.get(key) ?? 0) + bytes)
    await stream.push({ type: 'node:started', node: 'c' })
    await stream.push({ type: 'node:output', node: 'c', stream: 'stdout', chunk: 'tail' })
    stream.end()
    slowSeen.push(...(await drain(slow)))
    await fast.done

    expect(fast.events.some((e) => e.type === 'output:dropped')).toBe(false)
    const drops = slowSeen.filter((e) => e.type === 'output:dropped')
    expect(drops.length).toBeGreaterThan(0)
    expect(strictlyIncreasing(seqs(slowSeen))).toBe(true)
    // No silent loss: what it received plus what it was told it missed is everything.
    const totals = tally(slowSeen)
    for (const [key, bytes] of pushed) {
      const seen = totals.get(key)
      expect((seen?.received ?? 0) + (seen?.dropped ?? 0), key).toBe(bytes)
    }
    // It continues with later events as they were: the window's tail, then c.
    const lastDrop = slowSeen.lastIndexOf(drops.at(-1) as ExecutionEvent)
    const after = slowSeen.slice(lastDrop + 1)
    expect(after.filter((e) => e.type === 'node:output' && e.node !== 'c').length).toBeGreaterThan(0)
    expect(after.slice(-2)).toEqual(fast.events.slice(-2))
    // Whatever it received is exactly what the fast consumer received under the same seq.
    const bySeq = new Map(fast.events.map((e) => [e.seq, e]))
    for (const event of slowSeen) if (event.type !== 'output:dropped') expect(event).toEqual(bySeq.get(event.seq))
    // Each dropped event covers one run: never two in a row for the same node+stream.
    slowSeen.forEach((event, i) => {
      const next = slowSeen[i + 1]
      if (event.type === 'output:dropped' && next?.type === 'output:dropped') expect([next.node, next.stream]).not.toEqual([event.node, event.stream])
    })
  })

  it('keeps its invariants for any interleaving of pushes and reads', async () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('output' as const), node: fc.constantFrom('a', 'b'), stream: fc.constantFrom('stdout' as const, 'stderr' as const), size: fc.integer({ min: 0, max: 40 }) }),
      fc.record({ kind: fc.constant('event' as const), node: fc.constantFrom('a', 'b') }),
      fc.record({ kind: fc.constant('read' as const), consumer: fc.nat(2), count: fc.integer({ min: 1, max: 6 }) }),
      fc.record({ kind: fc.constant('subscribe' as const) }),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 80 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 400 }), async (steps, cap, lag) => {
        const stream = new ExecutionStream({ executionId: 'p', maxStoredOutputBytes: cap, consumerLagBytes: lag })
        const keeper = eagerReader(stream)
        const readers: Array<{ iterator: AsyncIterableIterator<ExecutionEvent>; events: ExecutionEvent[]; pending?: Promise<IteratorResult<ExecutionEvent>> }> = []
        const pushed = new Map<string, number>()
        for (const s of steps) {
          if (s.kind === 'output') {
            const chunk = 'é'.repeat(s.size)
            await stream.push({ type: 'node:output', node: s.node, stream: s.stream, chunk })
            pushed.set(`${s.stream}:${s.node}`, (pushed.get(`${s.stream}:${s.node}`) ?? 0) + Buffer.byteLength(chunk))
          } else if (s.kind === 'event') {
            await stream.push({ type: 'node:started', node: s.node })
          } else if (s.kind === 'subscribe') {
            readers.push({ iterator: stream.subscribe(), events: [] })
          } else {
            const reader = readers[s.consumer % Math.max(1, readers.length)]
            for (let i = 0; reader !== undefined && i < s.count; i++) {
              // A next() still pending from an earlier step is kept, so no event is lost to the race.
              reader.pending ??= reader.iterator.next()
              const next = await Promise.race([reader.pending, settle().then(() => undefined)])
              if (next === undefined) break
              reader.pending = undefined
              if (next.done === true) break
              reader.events.push(next.value)
            }
          }
        }
        stream.end()
        await keeper.done
        for (const reader of readers) {
          const next = await reader.pending
          if (next !== undefined && next.done !== true) reader.events.push(next.value)
          reader.events.push(...(await drain(reader.iterator)))
        }
        const late = await drain(stream.subscribe())
        for (const events of [keeper.events, late, ...readers.map((r) => r.events)]) {
          expect(strictlyIncreasing(seqs(events))).toBe(true)
          const totals = tally(events)
          for (const [key, bytes] of pushed) expect((totals.get(key)?.received ?? 0) + (totals.get(key)?.dropped ?? 0)).toBe(bytes)
          for (const event of events) if (event.type === 'output:dropped') expect(event.bytes).toBeGreaterThan(0)
        }
        // The keeper reads as fast as it can but a chunk crossing the cap is two events for one
        // push, so it can trail by one chunk per node+stream (4 × 80 bytes) and no more.
        if (lag >= 320) expect(keeper.events.some((e) => e.type === 'output:dropped')).toBe(false)
        // A late subscriber after end receives exactly the stored output.
        for (const node of ['a', 'b']) {
          const stored = stream.storedOutput(node)
          const chunks = (name: string) => late.flatMap((e) => (e.type === 'node:output' && e.node === node && e.stream === name ? [e.chunk] : [])).join('')
          expect(chunks('stdout')).toBe(stored.stdout)
          expect(chunks('stderr')).toBe(stored.stderr)
        }
      }),
      { numRuns: 150 },
    )
  })
})
