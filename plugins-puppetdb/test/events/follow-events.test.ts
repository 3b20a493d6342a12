import { CapstanError } from 'capstan'
import { RecordingLogger } from 'capstan/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { followEvents, type FollowOptions } from '../../src/events/follow-events.js'
import { FakeEventStore, iso } from './fake-event-store.js'

/** PuppetDB's "now" in these tests: far from the local clock, so using ours would show. */
const T = Date.parse('2001-02-03T04:05:06.789Z')

const started: AbortController[] = []
afterEach(() => {
  for (const controller of started.splice(0)) controller.abort()
})

/** Rejects when `promise` takes longer than `ms`: every wait in these tests is bounded. */
function within<V>(promise: Promise<V>, ms = 2000, what = 'next()'): Promise<V> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** Waits until `condition` holds, checking every few ms, for at most `ms`. */
async function until(condition: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}

/** Starts following `store`; polls every 10 ms, looks back 60 s unless told otherwise. */
function follow(store: FakeEventStore, options: Partial<FollowOptions> = {}) {
  const controller = new AbortController()
  started.push(controller)
  const logger = new RecordingLogger()
  const events = followEvents(store, { pollIntervalMs: 10, lookbackMs: 60_000, signal: controller.signal, logger, ...options })
  const iterator = events[Symbol.asyncIterator]()
  return {
    iterator,
    controller,
    logger,
    /** The next `n` events. */
    async take(n: number): Promise<string[]> {
      const out: string[] = []
      while (out.length < n) {
        const next = await within(iterator.next())
        if (next.done === true) throw new Error(`the stream ended after ${out.length} of ${n} events`)
        out.push(next.value)
      }
      return out
    },
    /** A next() that is expected to stay pending; `settled` tells whether it did. */
    pending() {
      const state = { settled: false, promise: iterator.next() }
      void state.promise.then(
        () => (state.settled = true),
        () => (state.settled = true),
      )
      return state
    },
  }
}

describe('followEvents: where it starts', () => {
  it('starts at PuppetDB\'s time and yields only events received at or after it', async () => {
    const store = new FakeEventStore({ pageSize: 10, serverNow: T })
    store.honourFrom = false // even when the store answers older events, they are not yielded
    store.add('before', T - 1000).add('just-before', T - 1).add('at-start', T).add('after', T + 5)
    const stream = follow(store)
    expect(await stream.take(2)).toEqual(['at-start', 'after'])
    expect(store.serverTimeCalls).toBe(1)
    expect(store.polls[0]).toBe(iso(T))
  })

  it('starts at since when given, without asking PuppetDB the time', async () => {
    const store = new FakeEventStore({ pageSize: 10, serverNow: T })
    store.add('old', T - 10_000).add('since', T - 5000).add('later', T - 10)
    const stream = follow(store, { since: iso(T - 5000) })
    expect(await stream.take(2)).toEqual(['since', 'later'])
    expect(store.serverTimeCalls).toBe(0)
    expect(store.polls[0]).toBe(iso(T - 5000))
  })
})

describe('followEvents: each event once', () => {
  it('yields every event once across pages and polls, and waits for new ones', async () => {
    const store = new FakeEventStore({ pageSize: 2, serverNow: T })
    for (let i = 0; i < 5; i += 1) store.add(`e${i}`, T + i * 10)
    const stream = follow(store)
    expect(await stream.take(5)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4'])
    // The first poll read three pages of two.
    expect(store.pageRequests.filter((request) => request.poll === 0).map((request) => request.offset)).toEqual([0, 2, 4])

    const next = stream.pending()
    const polled = store.polls.length
    await within(until(() => store.polls.length >= polled + 3), 2000, 'three more polls')
    // The same five events came back in every poll, and none was yielded again.
    expect(next.settled).toBe(false)
    store.add('e5', T + 100)
    expect(await within(next.promise)).toEqual({ done: false, value: 'e5' })
  })

  it('does not lose or repeat an event stored between two pages of one poll', async () => {
    const store = new FakeEventStore({ pageSize: 2, serverNow: T })
    store.add('a', T + 10).add('b', T + 20).add('c', T + 30).add('d', T + 40)
    const stream = follow(store)
    expect(await stream.take(2)).toEqual(['a', 'b'])
    // Stored late, sorting before the rows already read: the next page's offset now points one row early.
    store.add('late', T + 15)
    const rest = await stream.take(3)
    expect([...rest].sort()).toEqual(['c', 'd', 'late'])
    const next = stream.pending()
    const polled = store.polls.length
    await within(until(() => store.polls.length >= polled + 2), 2000, 'two more polls')
    expect(next.settled).toBe(false)
  })
})

describe('followEvents: late-stored reports and the lookback window', () => {
  it('picks up an event received before the newest seen but within the lookback', async () => {
    const store = new FakeEventStore({ pageSize: 10, serverNow: T })
    store.add('newest', T + 5000)
    const stream = follow(store, { lookbackMs: 10_000 })
    expect(await stream.take(1)).toEqual(['newest'])
    // PuppetDB received this report earlier but stored it later (its command queue).
    store.add('late', T + 1000)
    expect(await stream.take(1)).toEqual(['late'])
    // The polls read from the start, since newest - lookback is before it.
    expect(store.polls.every((from) => from === iso(T))).toBe(true)
  })

  it('moves the query floor to newest seen - lookback, so older late events are not asked for', async () => {
    const store = new FakeEventStore({ pageSize: 10, serverNow: T })
    store.add('first', T + 1000)
    const stream = follow(store, { lookbackMs: 10_000 })
    expect(await stream.take(1)).toEqual(['first'])
    store.add('much-later', T + 30_000)
    expect(await stream.take(1)).toEqual(['much-later'])
    const next = stream.pending()
    const polled = store.polls.length
    await within(until(() => store.polls.length >= polled + 1), 2000, 'one more poll')
    expect(store.polls.at(-1)).toBe(iso(T + 20_000))
    // Received 15 s before the newest: outside the window, so never read again.
    store.add('too-late', T + 15_000)
    await within(until(() => store.polls.length >= polled + 4), 2000, 'three more polls')
    expect(next.settled).toBe(false)
  })
})

describe('followEvents: memory stays bounded', () => {
  it('forgets identities older than the lookback window', async () => {
    // Measured through a store that ignores the floor: an event forgotten comes out again.
    const store = new FakeEventStore({ pageSize: 10, serverNow: T })
    store.honourFrom = false
    store.add('old', T + 1000)
    const stream = follow(store, { lookbackMs: 10_000 })
    expect(await stream.take(1)).toEqual(['old'])
    // Still within the window of the newest (itself): remembered, so not yielded again.
    const next = stream.pending()
    const polled = store.polls.length
    await within(until(() => store.polls.length >= polled + 2), 2000, 'two more polls')
    expect(next.settled).toBe(false)
    // 'new' moves the window past 'old', whose identity is then dropped.
    store.add('new', T + 12_000)
    expect(await within(next.promise)).toEqual({ done: false, value: 'new' })
    expect(await stream.take(1)).toEqual(['old'])
  })

  it('yields a long run of events once each while the floor keeps up with them', async () => {
    const store = new FakeEventStore({ pageSize: 3, serverNow: T })
    const stream = follow(store, { lookbackMs: 1000 })
    const seen: string[] = []
    for (let batch = 0; batch < 10; batch += 1) {
      for (let i = 0; i < 4; i += 1) store.add(`b${batch}-${i}`, T + batch * 5000 + i)
      seen.push(...(await stream.take(4)))
    }
    expect(seen).toHaveLength(40)
    expect(new Set(seen).size).toBe(40)
    const next = stream.pending()
    const polled = store.polls.length
    await within(until(() => store.polls.length >= polled + 2), 2000, 'two more polls')
    expect(next.settled).toBe(false)
    // The floor follows the newest event, so each poll reads one batch, not the whole history.
    expect(store.polls.at(-1)).toBe(iso(T + 9 * 5000 + 3 - 1000))
  })
})

describe('followEvents: failures', () => {
  it('logs a retryable failure and carries on at the next poll', async () => {
    const store = new FakeEventStore({ pageSize: 10, serverNow: T })
    store.add('a', T + 1)
    const down = new CapstanError('UNAVAILABLE', { message: 'PuppetDB refused the connection' })
    store.failNextPoll(down)
    const stream = follow(store)
    expect(await stream.take(1)).toEqual(['a'])
    expect(store.polls.length).toBeGreaterThanOrEqual(2)
    const warnings = stream.logger.records.filter((record) => record.level === 'warn')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]?.obj).toEqual({ err: down })
    expect(warnings[0]?.msg).toMatch(/poll failed/)
  })

  it('warns once per outage, not once per poll, and says when PuppetDB answers again', async () => {
    const store = new FakeEventStore({ pageSize: 10, serverNow: T })
    for (let i = 0; i < 3; i += 1) store.failNextPoll(new CapstanError('UNAVAILABLE', { message: `refused ${i}` }))
    store.add('a', T + 1)
    const stream = follow(store)
    expect(await stream.take(1)).toEqual(['a'])
    expect(store.polls.length).toBeGreaterThanOrEqual(4)
    const levels = stream.logger.records.map((record) => record.level)
    expect(levels.filter((level) => level === 'warn')).toHaveLength(1)
    expect(levels.filter((level) => level === 'debug')).toHaveLength(2)
    // The poll that answered ends (and says so) once the consumer asks for more.
    stream.pending()
    await within(until(() => stream.logger.records.some((record) => record.level === 'info')), 2000, 'the recovery line')
    expect(stream.logger.records.find((record) => record.level === 'info')?.msg).toMatch(/answers again/)
  })

  it('waits for PuppetDB when its clock cannot be read at the start, then starts at its first answer', async () => {
    const store = new FakeEventStore({ pageSize: 10, serverNow: T })
    let asked = 0
    store.serverTimeAnswer = async () => {
      asked += 1
      if (asked === 1) throw new CapstanError('UNAVAILABLE', { message: 'refused' })
      return iso(T)
    }
    store.add('before', T - 1).add('after', T + 1)
    const stream = follow(store)
    expect(await stream.take(1)).toEqual(['after'])
    expect(asked).toBe(2)
    expect(store.polls[0]).toBe(iso(T))
    expect(stream.logger.records.filter((record) => record.level === 'warn')).toHaveLength(1)
  })

  it('after a retryable failure between pages, yields the rest once', async () => {
    const store = new FakeEventStore({ pageSize: 2, serverNow: T })
    for (let i = 0; i < 5; i += 1) store.add(`e${i}`, T + i)
    store.failNextPoll(new CapstanError('UNAVAILABLE', { message: 'circuit open' }), 1)
    const stream = follow(store)
    expect(await stream.take(5)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4'])
    const next = stream.pending()
    const polled = store.polls.length
    await within(until(() => store.polls.length >= polled + 2), 2000, 'two more polls')
    expect(next.settled).toBe(false)
  })

  it.each([
    ['a non-retryable CapstanError', new CapstanError('VALIDATION_ERROR', { message: 'PuppetDB: bad field' })],
    ['an error that says nothing about retrying', new Error('mapper bug')],
  ])('ends the stream with %s', async (_, error) => {
    const store = new FakeEventStore({ pageSize: 10, serverNow: T })
    store.add('a', T + 1)
    store.failNextPoll(error)
    const stream = follow(store)
    await expect(within(stream.iterator.next())).rejects.toBe(error)
    expect(await within(stream.iterator.next())).toEqual({ done: true, value: undefined })
    expect(stream.logger.records.filter((record) => record.level === 'warn')).toHaveLength(0)
  })
})

describe('followEvents: stopping', () => {
  it('ends quietly and promptly when aborted while waiting for the next poll', async () => {
    const store = new FakeEventStore({ pageSize: 10, serverNow: T })
    store.add('a', T + 1)
    const stream = follow(store, { pollIntervalMs: 60_000 })
    expect(await stream.take(1)).toEqual(['a'])
    const next = stream.pending()
    await within(until(() => store.polls.length === 1), 2000, 'the first poll')
    const abortedAt = performance.now()
    stream.controller.abort()
    expect(await within(next.promise, 500)).toEqual({ done: true, value: undefined })
    expect(performance.now() - abortedAt).toBeLessThan(500)
    expect(store.polls).toHaveLength(1)
  })

  it('ends quietly and promptly when aborted during a request', async () => {
    const store = new FakeEventStore({ pageSize: 10, serverNow: T })
    store.hangPages()
    const stream = follow(store)
    const next = stream.pending()
    await within(until(() => store.polls.length === 1), 2000, 'the first poll')
    stream.controller.abort()
    expect(await within(next.promise, 500)).toEqual({ done: true, value: undefined })
    expect(stream.logger.records).toHaveLength(0)
  })

  it('yields nothing more once aborted, not even rows of a page already read', async () => {
    const store = new FakeEventStore({ pageSize: 10, serverNow: T })
    for (let i = 0; i < 5; i += 1) store.add(`e${i}`, T + i)
    const stream = follow(store)
    expect(await stream.take(1)).toEqual(['e0'])
    stream.controller.abort()
    expect(await within(stream.iterator.next(), 500)).toEqual({ done: true, value: undefined })
  })

  it('ends quietly when aborted while asking PuppetDB the time', async () => {
    const store = new FakeEventStore({ pageSize: 10, serverNow: T })
    // Like the HTTP client: the request rejects with CANCELLED when its signal aborts.
    store.serverTimeAnswer = (signal) =>
      new Promise<string>((_, reject) => signal.addEventListener('abort', () => reject(new CapstanError('CANCELLED', { message: 'cancelled' })), { once: true }))
    const stream = follow(store)
    const next = stream.pending()
    await within(until(() => store.serverTimeCalls === 1), 2000, 'the clock request')
    stream.controller.abort()
    expect(await within(next.promise, 500)).toEqual({ done: true, value: undefined })
    expect(store.polls).toHaveLength(0)
    expect(stream.logger.records).toHaveLength(0)
  })

  it('stops polling when the consumer leaves the loop', async () => {
    const store = new FakeEventStore({ pageSize: 10, serverNow: T })
    store.add('a', T + 1).add('b', T + 2)
    const controller = new AbortController()
    started.push(controller)
    for await (const event of followEvents(store, { pollIntervalMs: 10, lookbackMs: 1000, signal: controller.signal, logger: new RecordingLogger() })) {
      expect(event).toBe('a')
      break
    }
    const polled = store.polls.length
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(store.polls).toHaveLength(polled)
  })
})
