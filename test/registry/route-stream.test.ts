import type { ProviderContext } from 'capstan'
import { RecordingLogger } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { routeStream } from '../../src/registry/route-stream.js'
import { aborted, rejection, within } from '@capstan/test-support/async'
import { entry } from '../support/registry-entries.js'

const ctx = (): ProviderContext => ({ signal: new AbortController().signal, logger: new RecordingLogger() })

async function collect(iterable: AsyncIterable<unknown>, limit = Infinity): Promise<unknown[]> {
  const out: unknown[] = []
  for await (const item of iterable) {
    out.push(item)
    if (out.length >= limit) break
  }
  return out
}

describe('routeStream', () => {
  it('yields every item of every source and ends when all sources end', async () => {
    const a = entry('a', async function* () {
      yield 'a1'
      yield 'a2'
    })
    const b = entry('b', async function* () {
      yield 'b1'
    })
    const items = await collect(routeStream('alert.subscribe', [a, b], () => ({}), ctx))
    expect([...items].sort()).toEqual(['a1', 'a2', 'b1'])
  })

  it('gives each provider the input and its own context', async () => {
    const seen: Array<[unknown, string]> = []
    const make = (name: string) =>
      entry(name, async function* (input: unknown, c: ProviderContext) {
        seen.push([input, (c as ProviderContext & { tag: string }).tag])
        yield name
      })
    await collect(routeStream('alert.subscribe', [make('a'), make('b')], () => ({ severity: 'critical' }), (e) => ({ ...ctx(), tag: e.plugin }) as ProviderContext))
    expect(seen).toEqual([
      [{ severity: 'critical' }, 'a'],
      [{ severity: 'critical' }, 'b'],
    ])
  })

  it('ends with the first source error, attributed to its plugin, and closes the other sources', async () => {
    let otherClosed = false
    const bad = entry('bad', async function* () {
      yield 1
      throw new Error('lost connection')
    })
    const good = entry('good', async function* () {
      try {
        yield 'g1'
        yield 'g2'
        yield 'g3'
      } finally {
        otherClosed = true
      }
    })
    const error = await rejection(collect(routeStream('alert.subscribe', [bad, good], () => ({}), ctx)), 'PLUGIN_ERROR')
    expect(error.details).toMatchObject({ plugin: 'bad', capability: 'alert.subscribe' })
    expect(otherClosed).toBe(true)
  })

  it('closes a source that is waiting for its next item when the consumer stops', async () => {
    let signal: AbortSignal | undefined
    let closed = false
    const waiting = entry('waiting', async function* (_input: unknown, c: ProviderContext) {
      signal = c.signal
      try {
        yield 'w1'
        await aborted(c.signal)
      } finally {
        closed = true
      }
    })
    const ctxFor = (_entry: unknown, signal: AbortSignal): ProviderContext => ({ signal, logger: new RecordingLogger() })
    await within(collect(routeStream('alert.subscribe', [waiting], () => ({}), ctxFor), 1), 300, 'stopping the stream')
    expect(signal?.aborted).toBe(true)
    expect(closed).toBe(true)
  })
})
