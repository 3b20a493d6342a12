import type { ExecutionEvent } from '../../../src/capabilities/models/execution-event.js'
import type { ExecutionStream } from '../../../src/execution/stream/execution-stream.js'

/** A consumer that reads as fast as events come, in the background. */
export function eagerReader(stream: ExecutionStream, signal?: AbortSignal): { events: ExecutionEvent[]; done: Promise<void> } {
  const events: ExecutionEvent[] = []
  const iterator = stream.subscribe(signal === undefined ? {} : { signal })
  const done = (async () => {
    for await (const event of { [Symbol.asyncIterator]: () => iterator }) events.push(event)
  })()
  return { events, done }
}

/** Everything a consumer gets until the stream ends. */
export async function drain(iterator: AsyncIterableIterator<ExecutionEvent>): Promise<ExecutionEvent[]> {
  const events: ExecutionEvent[] = []
  for await (const event of { [Symbol.asyncIterator]: () => iterator }) events.push(event)
  return events
}

/** Per `stream:node`: output bytes received as chunks and reported as dropped. */
export function tally(events: ExecutionEvent[]): Map<string, { received: number; dropped: number }> {
  const totals = new Map<string, { received: number; dropped: number }>()
  for (const event of events) {
    if (event.type !== 'node:output' && event.type !== 'output:dropped') continue
    const key = `${event.stream}:${event.node}`
    const entry = totals.get(key) ?? { received: 0, dropped: 0 }
    if (event.type === 'node:output') entry.received += Buffer.byteLength(event.chunk)
    else entry.dropped += event.bytes
    totals.set(key, entry)
  }
  return totals
}

/** Asserts-friendly list of seqs. */
export function seqs(events: ExecutionEvent[]): number[] {
  return events.map((e) => e.seq)
}

/** True when every seq is above the one before it. */
export function strictlyIncreasing(values: number[]): boolean {
  return values.every((value, i) => i === 0 || value > (values[i - 1] as number))
}

/** Lets queued promise callbacks and I/O callbacks run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

/** Whether a promise has settled by now. */
export async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  )
  await settle()
  return settled
}
