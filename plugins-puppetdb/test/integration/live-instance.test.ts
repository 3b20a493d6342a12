// The fault instance of test/infra (its own PuppetDB and database, owned by
// this file alone): first events.stream while reports are stored into it,
// then an outage, PuppetDB stopped and started again under a running plugin.
// Everything runs in order in this one file, so nothing else touches it.
import { localPlugin, type CapstanError, type HostEvents, type ResourceEvent } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { eventKey } from '../../src/events/event-key.js'
import { puppetdbPlugin, type PuppetDbPluginOptions } from '../../src/index.js'
import { deleteAllNodes } from './dataset/commands.js'
import { datasetNodes, type DatasetNode, type RunKind } from './dataset/dataset-node.js'
import {
  expectedEvents,
  expectedTuples,
  freshPrefix,
  hostOf,
  isRunning,
  lockFaultInstance,
  puppetdbCtl,
  rejection,
  RequestLog,
  resolved,
  serverTime,
  storeRuns,
  StreamCollector,
  tuples,
  waitFor,
  type ExpectedEvent,
  type Run,
  type SentRequest,
} from './live-support.js'
import { puppetDbControl, puppetDbFaultInstance, puppetDbRunning } from './requirements.js'
import { needs } from '@capstan/test-support/requirement'

const setup = inject('puppetdb')
const faultUrl = setup?.faultUrl
const ctl = setup?.ctl

/** Long enough for a poll on a loaded 2-core machine, short enough to fail a test that hangs. */
const ARRIVAL_MS = 60_000
const POLL_MS = 200
/** Rows per events page: small, so a few reports fill several pages. */
const PAGE_SIZE = 5
/** Test time limit of the stream tests: a few arrivals on a loaded machine. */
const STREAM_TEST_MS = 2 * ARRIVAL_MS
/** A PuppetDB restart takes 20 to 60 s here; more when the other suites keep the cores busy. */
const CTL_TIMEOUT_MS = 180_000
/** How long to wait for another test run to finish with the fault instance: its whole file. */
const LOCK_WAIT_MS = 420_000

needs(puppetDbRunning, puppetDbFaultInstance).describe('PuppetDB fault instance', () => {
  const url = faultUrl!
  const host = hostOf(url)
  let log: RequestLog
  let unlock = () => {}

  beforeAll(async () => {
    unlock = await lockFaultInstance(LOCK_WAIT_MS)
    log = new RequestLog()
    // An earlier run stopped during its outage leaves the instance down.
    if (!(await isRunning(url)) && ctl !== undefined) await puppetdbCtl(ctl, 'start', 'fault', CTL_TIMEOUT_MS)
    // The instance is this file's: start from an empty database so polls stay small.
    await deleteAllNodes(url)
  }, LOCK_WAIT_MS + CTL_TIMEOUT_MS + 30_000)

  afterAll(async () => {
    log?.close()
    try {
      // Whatever happened above, later runs find the instance up.
      if (ctl !== undefined && !(await isRunning(url))) await puppetdbCtl(ctl, 'start', 'fault', CTL_TIMEOUT_MS)
    } finally {
      unlock()
    }
  }, CTL_TIMEOUT_MS + 30_000)

  /** A test Capstan with one PuppetDB plugin on the fault instance, and the agent its requests go through. */
  async function start(options: Partial<PuppetDbPluginOptions> = {}) {
    const mark = log.requests.length
    const plugin = puppetdbPlugin({ url, pageSize: PAGE_SIZE, ...options })
    const capstan = await createTestCapstan({ plugins: [plugin] })
    expect(plugin.state).toBe('ready')
    const agent = log.agentAfter(mark, host)
    return { capstan, plugin, sentBy: (r: SentRequest) => r.agent === agent, [Symbol.asyncDispose]: () => capstan.close() }
  }

  /**
   * Waits until a stream has asked PuppetDB's clock for its starting point
   * and sent its first events query after that. (A `node` input makes the
   * host look the node up in the inventory first: that query is not a poll.)
   */
  async function firstPoll(sentBy: (r: SentRequest) => boolean, mark: number): Promise<void> {
    await waitFor(
      'the stream\'s first events query',
      () => {
        const sent = log.since(mark, sentBy)
        const clock = sent.findIndex((r) => r.path === '/pdb/meta/v1/server-time')
        return clock >= 0 && sent.slice(clock + 1).some(isEventsQuery) ? true : undefined
      },
      ARRIVAL_MS,
    )
  }

  /**
   * Proves a stream yields exactly the events of `runs` that `keep` admits,
   * each once: waits until that many arrived and compares, then stores
   * `last` and waits for its events too. The polls made meanwhile read the
   * earlier events again (the lookback window), so a repeat would show.
   */
  async function expectExactly(stream: StreamCollector<ResourceEvent>, runs: readonly Run[], last: Run, keep: (e: ExpectedEvent) => boolean = () => true): Promise<void> {
    const admitted = (rs: readonly Run[]) => tuples(expectedEvents(rs).filter(keep))
    const expected = admitted(runs)
    await stream.until(`${expected.length} events`, (items) => items.length >= expected.length, ARRIVAL_MS)
    expect(tuples(stream.items)).toEqual(expected)

    await storeRuns(url, [last])
    const all = admitted([...runs, last])
    expect(all.length).toBeGreaterThan(expected.length)
    await stream.until(`${all.length} events`, (items) => items.length >= all.length, ARRIVAL_MS)
    expect(tuples(stream.items)).toEqual(all)
  }

  describe('events.stream', () => {
    test('yields the events stored after it started, each once, across pages and polls; none from before', async () => {
      const nodes = datasetNodes(16, freshPrefix('follow'))
      const before = runsOf(nodes.slice(0, 3), ['failed', 'changed', 'noop'])
      await storeRuns(url, before)

      await using started = await start()
      const controller = new AbortController()
      const mark = log.requests.length
      const stream = new StreamCollector(started.capstan.events.stream({ pollIntervalMs: POLL_MS }, { signal: controller.signal }))
      try {
        await firstPoll(started.sentBy, mark)
        // Three bursts of 4 reports (6 to 8 events each, pages of 5) while the stream polls.
        const bursts = [nodes.slice(3, 7), nodes.slice(7, 11), nodes.slice(11, 15)].map((group) => runsOf(group, ['changed', 'failed', 'noop', 'changed']))
        for (const burst of bursts) await storeRuns(url, burst)
        await expectExactly(stream, bursts.flat(), { node: nodes[15]!, kind: 'failed' })

        const early = new Set(before.map((r) => r.node.certname))
        expect(stream.items.filter((e) => early.has(e.certname ?? ''))).toEqual([])
        // Polls read every event since the start again, five to a page: some took several pages.
        expect(mostPagesInOnePoll(log.since(mark, (r) => started.sentBy(r) && isEventsQuery(r)))).toBeGreaterThanOrEqual(3)
        expect(stream.error).toBeUndefined()
      } finally {
        controller.abort()
        await stream.done
      }
    }, STREAM_TEST_MS)

    test('status and node filters yield only the matching events', async () => {
      const nodes = datasetNodes(10, freshPrefix('filter'))
      const watched = nodes[0]!
      // One plugin per stream, so each stream's first poll can be told apart by its connection.
      await using first = await start()
      await using second = await start()
      const controller = new AbortController()
      const mark = log.requests.length
      const failures = new StreamCollector(first.capstan.events.stream({ status: 'failure', pollIntervalMs: POLL_MS }, { signal: controller.signal }))
      const ofNode = new StreamCollector(second.capstan.stream('events.stream', { node: watched.certname, pollIntervalMs: POLL_MS }, { signal: controller.signal }))
      try {
        await firstPoll(first.sentBy, mark)
        await firstPoll(second.sentBy, mark)
        const runs = [...runsOf(nodes.slice(0, 5), ['changed', 'failed', 'noop', 'failed', 'changed']), ...runsOf(nodes.slice(5), ['failed', 'changed', 'noop', 'failed', 'changed']), { node: watched, kind: 'noop' as const }]
        await storeRuns(url, runs)
        // One more failed run of the watched node ends both checks.
        const last: Run = { node: watched, kind: 'failed' }
        await expectExactly(failures, runs, last, (e) => e.status === 'failure')
        const watchedRuns = runs.filter((r) => r.node === watched)
        const expectedOfNode = expectedTuples([...watchedRuns, last])
        await ofNode.until(`${expectedOfNode.length} events of ${watched.certname}`, (items) => items.length >= expectedOfNode.length, ARRIVAL_MS)
        expect(tuples(ofNode.items)).toEqual(expectedOfNode)

        expect(failures.items.every((e) => e.status === 'failure')).toBe(true)
        expect(new Set(failures.items.map((e) => e.certname)).size).toBeGreaterThan(1)
        expect(ofNode.items.every((e) => e.certname === watched.certname)).toBe(true)
        expect(new Set(ofNode.items.map((e) => e.status))).toEqual(new Set(['success', 'noop', 'failure', 'skipped']))
      } finally {
        controller.abort()
        await Promise.all([failures.done, ofNode.done])
      }
      expect(failures.error).toBeUndefined()
      expect(ofNode.error).toBeUndefined()
    }, STREAM_TEST_MS)

    test('since replays the events stored before the stream started', async () => {
      const nodes = datasetNodes(5, freshPrefix('since'))
      const since = await serverTime(url)
      const before = runsOf(nodes.slice(0, 4), ['failed', 'changed', 'noop', 'changed'])
      await storeRuns(url, before)

      await using started = await start()
      const controller = new AbortController()
      const stream = new StreamCollector(started.capstan.events.stream({ since, pollIntervalMs: POLL_MS }, { signal: controller.signal }))
      try {
        await expectExactly(stream, before, { node: nodes[4]!, kind: 'changed' })
      } finally {
        controller.abort()
        await stream.done
      }
      expect(stream.error).toBeUndefined()
    }, STREAM_TEST_MS)

    test('aborting the caller\'s signal ends the iteration promptly, with a minute to go before the next poll', async () => {
      await using started = await start()
      const controller = new AbortController()
      const mark = log.requests.length
      // A minute between polls: only the abort can end this wait.
      const stream = new StreamCollector(started.capstan.events.stream({ pollIntervalMs: 60_000 }, { signal: controller.signal }))
      await firstPoll(started.sentBy, mark)
      expect(stream.ended).toBe(false)
      controller.abort()
      await waitFor('the iteration to end', () => (stream.ended ? true : undefined), 5_000, 10)
      expect(stream.error).toBeUndefined()
      expect(stream.items).toEqual([])
    }, STREAM_TEST_MS)
  })

  needs(puppetDbControl).describe('a host started while PuppetDB is down', () => {
    /** Short backoff, so the test sees a retry within a second of PuppetDB answering. */
    const startRetry = { minDelayMs: 200, maxDelayMs: 1_000, retries: 10_000 }

    test(
      'PLUGIN_UNAVAILABLE and a partial inventory while it is down; the next call after PuppetDB starts (within the backoff) is served',
      async () => {
        const timings: Record<string, number> = {}
        let down = false
        try {
          let at = Date.now()
          down = true
          await puppetdbCtl(ctl!, 'stop', 'fault', CTL_TIMEOUT_MS)
          timings['stopMs'] = Date.now() - at

          // One attempt per start and the default circuit breaker (5 failures open it for 30 s):
          // start attempts are probes, which go around the open breaker, so each retry asks PuppetDB.
          const plugin = puppetdbPlugin({ url, name: 'fault-start', retry: false, timeoutMs: 5_000 })
          await using capstan = await createTestCapstan({ plugins: [localPlugin(), plugin], startRetry })
          const retries: Array<Parameters<HostEvents['plugin:retry']>[0]> = []
          const states: string[] = []
          capstan.on('plugin:retry', (e) => retries.push(e))
          capstan.on('plugin:state', (e) => e.plugin === 'fault-start' && states.push(e.state))

          const info = capstan.plugins().find((p) => p.name === 'fault-start')
          expect(info).toMatchObject({ state: 'failed', startFailure: 'transient', error: { code: 'UNAVAILABLE' } })
          expect(info?.error?.message).toMatch(/connection refused/)
          expect(info?.nextStartAttempt?.delayMs).toBeLessThanOrEqual(startRetry.maxDelayMs)

          // Aggregated: the local source answers, PuppetDB is listed as failed, and the result says partial.
          const listed = await capstan.inventory.list()
          expect(listed.partial).toBe(true)
          expect(listed.nodes.length).toBeGreaterThan(0)
          expect(listed.nodes.every((n) => n.sources.join() === 'local')).toBe(true)
          const source = listed.sources.find((s) => s.plugin === 'fault-start')
          expect(source).toMatchObject({ ok: false, error: { code: 'PLUGIN_UNAVAILABLE', cause: { code: 'UNAVAILABLE' } } })
          expect(source?.error?.message).toMatch(/connection refused/)
          expect(listed.sources.find((s) => s.plugin === 'local')?.ok).toBe(true)

          // Only PuppetDB serves events: the call names it, with its start error as cause, and can be retried.
          const unavailable = await rejection(capstan.events.query({ limit: 1 }), 'PLUGIN_UNAVAILABLE')
          expect(unavailable.retryable).toBe(true)
          expect(unavailable.details).toMatchObject({ plugin: 'fault-start', capability: 'events.query', transient: true })
          expect((unavailable.cause as CapstanError).details).toMatchObject({ reason: 'ECONNREFUSED', url })
          expect(unavailable.message).toMatch(/Capstan tries again in the background/)

          // Still down a while later: retried in the background past the breaker's threshold, still failed,
          // and every attempt reached PuppetDB (refused), none was turned away by the open breaker.
          await waitFor('background retries past the breaker threshold', () => (retries.length >= 7 ? true : undefined), 20_000)
          expect(capstan.plugins().find((p) => p.name === 'fault-start')?.state).toMatch(/failed|initializing/)
          expect(retries.map((r) => r.error.message).filter((m) => !/connection refused/.test(m))).toEqual([])

          // ---- up
          at = Date.now()
          await puppetdbCtl(ctl!, 'start', 'fault', CTL_TIMEOUT_MS)
          down = false
          const upAt = Date.now()
          timings['startMs'] = upAt - at

          // The next call after the next retry: the plugin started on its own, and the inventory is whole.
          const served = await waitFor(
            'the plugin to start on its own',
            async () => {
              const result = await capstan.inventory.list()
              return result.partial ? undefined : result
            },
            startRetry.maxDelayMs + 15_000,
            100,
          )
          timings['servedAfterUpMs'] = Date.now() - upAt
          expect(served.sources.map((s) => [s.plugin, s.ok])).toEqual([
            ['local', true],
            ['fault-start', true],
          ])
          const page = await resolved(capstan.events.query({ limit: 1 }))
          expect(Array.isArray(page.events)).toBe(true)
          expect(capstan.plugins().find((p) => p.name === 'fault-start')).toMatchObject({ state: 'ready' })
          expect(states.at(-1)).toBe('ready')
          expect(plugin.state).toBe('ready')
          expect((await capstan.health({ refresh: true })).plugins['fault-start']).toMatchObject({ status: 'healthy', state: 'ready' })
          timings['retries'] = retries.length
          // Served within the backoff: at most one max delay (plus the attempt itself) after PuppetDB answered.
          expect(timings['servedAfterUpMs']).toBeLessThanOrEqual(startRetry.maxDelayMs + 10_000)
        } finally {
          if (down || !(await isRunning(url))) await puppetdbCtl(ctl!, 'start', 'fault', CTL_TIMEOUT_MS)
          console.info(`[live-instance] start-while-down timings ${JSON.stringify(timings)}`)
        }
      },
      2 * CTL_TIMEOUT_MS + 60_000,
    )
  })

  needs(puppetDbControl).describe('an outage', () => {
    const resilience = {
      retry: { retries: 2, minDelayMs: 50, maxDelayMs: 200 },
      circuitBreaker: { failureThreshold: 3, resetTimeoutMs: 2_000 },
      timeoutMs: 10_000,
    } as const
    const { retries } = resilience.retry
    const { failureThreshold, resetTimeoutMs } = resilience.circuitBreaker
    /** Requests one failing call may send before the breaker opens. */
    const opening = failureThreshold * (retries + 1)

    test(
      'PuppetDB stopped and started: calls fail fast once the breaker opens, a stream rides it out, the same plugin recovers',
      async () => {
        const timings: Record<string, number> = {}
        const began = Date.now()
        // Two plugins with the same settings, each with its own breaker: one answers calls, one streams.
        await using calls = await start({ name: 'fault-calls', ...resilience })
        await using streaming = await start({ name: 'fault-stream', ...resilience })
        // A third, whose stream is started while PuppetDB is down.
        await using latecomer = await start({ name: 'fault-late', ...resilience })
        const nodes = datasetNodes(10, freshPrefix('outage'))
        const controller = new AbortController()
        let mark = log.requests.length
        const stream = new StreamCollector(streaming.capstan.events.stream({ pollIntervalMs: POLL_MS }, { signal: controller.signal }))
        let late: StreamCollector<ResourceEvent> | undefined
        let down = false
        try {
          await firstPoll(streaming.sentBy, mark)
          const before = runsOf(nodes.slice(0, 2), ['failed', 'changed'])
          await storeRuns(url, before)
          await stream.until('the events stored before the outage', (items) => items.length >= expectedTuples(before).length, ARRIVAL_MS)

          // ---- down
          let at = Date.now()
          down = true
          // Marked before the stop: the stream's first failing poll may come while the script still waits.
          const warningsMark = streaming.capstan.logger.records.length
          await puppetdbCtl(ctl!, 'stop', 'fault', CTL_TIMEOUT_MS)
          timings['stopMs'] = Date.now() - at
          const downSince = Date.now()
          const downMark = log.requests.length

          // The first call is tried retries + 1 times, each refused; the third failure opens the breaker.
          mark = log.requests.length
          const refused = await rejection(calls.capstan.events.query({ limit: 1 }))
          expect(refused).toMatchObject({ code: 'UNAVAILABLE', retryable: true, details: { reason: 'ECONNREFUSED', url } })
          expect(refused.message).toMatch(/^PuppetDB at http:\/\/127\.0\.0\.1:\d+ did not answer POST \/pdb\/query\/v4\/events: connection refused/)
          expect(log.since(mark, calls.sentBy)).toHaveLength(retries + 1)

          // Open: calls fail at once with the breaker's UNAVAILABLE, and nothing reaches the network.
          mark = log.requests.length
          for (let i = 0; i < 5; i++) {
            const fast = await rejection(calls.capstan.events.query({ limit: 1 }))
            expect(fast).toMatchObject({ code: 'UNAVAILABLE', retryable: true, details: { breaker: `puppetdb ${url}`, state: 'open' } })
            expect(fast.message).toMatch(/^Circuit breaker "puppetdb http:\/\/127\.0\.0\.1:\d+" is open/)
          }
          expect(log.since(mark, calls.sentBy)).toEqual([])
          const unhealthy = await calls.capstan.health({ refresh: true })
          expect(unhealthy.plugins['fault-calls']).toMatchObject({ status: 'unhealthy', state: 'ready' })
          expect(unhealthy.plugins['fault-calls']!.message).toMatch(/is open|connection refused/)

          // A stream started now has no starting point yet (PuppetDB's clock does not answer): it waits for one.
          const lateMark = log.requests.length
          late = new StreamCollector(latecomer.capstan.events.stream({ pollIntervalMs: POLL_MS }, { signal: controller.signal }))

          // The stream keeps polling and warning; past the first opening, at most one trial per reset timeout reaches the network.
          // Every failed poll is logged: the first of the outage as a warning, the others at debug level.
          const pollWarnings = () =>
            streaming.capstan.logger.records.slice(warningsMark).filter((r) => (r.level === 'warn' || r.level === 'debug') && /events\.stream: poll failed/.test(r.msg ?? ''))
          const refusedPolls = () => pollWarnings().filter((r) => /connection refused/.test(errorMessage(r.obj)))
          // The poll that opened the breaker, then two trial polls after the reset timeout: each refused.
          await waitFor('two breaker trials of the stream while PuppetDB is down', () => (refusedPolls().length >= 3 ? true : undefined), 4 * resetTimeoutMs + 20_000)
          const downMs = Date.now() - downSince
          const sentWhileDown = log.since(downMark, streaming.sentBy).length
          const warned = pollWarnings()
          expect(sentWhileDown).toBeLessThanOrEqual(opening + Math.ceil(downMs / resetTimeoutMs) + 1)
          expect(warned.length).toBeGreaterThan(sentWhileDown)
          expect(warned.filter((r) => r.level === 'warn')).toHaveLength(1)
          expect(warned.some((r) => /^Circuit breaker "puppetdb http:\/\/127\.0\.0\.1:\d+" is open/.test(errorMessage(r.obj)))).toBe(true)
          expect(log.since(downMark, calls.sentBy).length).toBeLessThanOrEqual(opening)
          expect(stream.ended).toBe(false)
          expect(late.ended ? late.error : 'still waiting').toBe('still waiting')
          expect(log.since(lateMark, latecomer.sentBy).length).toBeGreaterThan(0)
          timings['downMs'] = downMs
          timings['streamRequestsWhileDown'] = sentWhileDown
          timings['streamPollWarningsWhileDown'] = warned.length

          // ---- up again
          at = Date.now()
          await puppetdbCtl(ctl!, 'start', 'fault', CTL_TIMEOUT_MS)
          down = false
          timings['startMs'] = Date.now() - at

          // The same plugin, never recreated, answers again once its breaker lets a trial through.
          at = Date.now()
          const answered = await waitFor(
            'the calls plugin to answer again',
            () => calls.capstan.events.query({ limit: 1 }).then(
              (page) => page,
              () => undefined,
            ),
            resetTimeoutMs + 30_000,
            250,
          )
          timings['callsRecoveredMs'] = Date.now() - at
          expect(answered.events.length).toBe(1)
          expect(calls.plugin.state).toBe('ready')
          const healthy = await calls.capstan.health({ refresh: true })
          expect(healthy.plugins['fault-calls']).toMatchObject({ status: 'healthy', state: 'ready', details: { state: 'running' } })

          // The stream, still the same iteration, delivers what is stored after the restart; everything once.
          await firstPoll(latecomer.sentBy, lateMark)
          at = Date.now()
          const after = runsOf(nodes.slice(2, 9), ['changed', 'failed', 'noop', 'changed', 'failed', 'noop', 'changed'])
          await storeRuns(url, after)
          await expectExactly(stream, [...before, ...after], { node: nodes[9]!, kind: 'failed' })
          timings['streamCaughtUpMs'] = Date.now() - at
          expect(stream.error).toBeUndefined()
          // The late stream starts where PuppetDB first answered it: everything after the restart, nothing before.
          const lateExpected = expectedTuples([...after, { node: nodes[9]!, kind: 'failed' }])
          await late.until(`${lateExpected.length} events in the late stream`, (items) => items.length >= lateExpected.length, ARRIVAL_MS)
          expect(tuples(late.items)).toEqual(lateExpected)
          expect(late.error).toBeUndefined()
        } finally {
          controller.abort()
          await Promise.all([stream.done, late?.done])
          if (down || !(await isRunning(url))) await puppetdbCtl(ctl!, 'start', 'fault', CTL_TIMEOUT_MS)
          timings['totalMs'] = Date.now() - began
          console.info(`[live-instance] outage timings ${JSON.stringify(timings)}`)
        }
      },
      300_000,
    )

    test(
      'hardening probe: PuppetDB stopped while the consumer is partway through a poll\'s pages; once it is back, every event arrives exactly once',
      async () => {
        const timings: Record<string, number> = {}
        const nodes = datasetNodes(12, freshPrefix('midpoll'))
        // Stored before the stream starts, from `since`: its first poll reads them all, one page at a time.
        const since = await serverTime(url)
        const seeded = runsOf(nodes.slice(0, 8), ['failed', 'changed'])
        await storeRuns(url, seeded)
        expect(expectedEvents(seeded).length).toBeGreaterThan(2 * PAGE_SIZE)

        await using streaming = await start({ name: 'fault-midpoll', ...resilience })
        const controller = new AbortController()
        const mark = log.requests.length
        const iterator = streaming.capstan.events.stream({ since, pollIntervalMs: POLL_MS }, { signal: controller.signal })[Symbol.asyncIterator]()
        const taken: ResourceEvent[] = []
        let stream: StreamCollector<ResourceEvent> | undefined
        let down = false
        try {
          // Two events of the first page, then the consumer pauses: the stream asks for nothing more meanwhile.
          for (let i = 0; i < 2; i++) {
            const next = await iterator.next()
            if (next.done === true) throw new Error('the stream ended before its first events')
            taken.push(next.value)
          }
          expect(log.since(mark, (r) => streaming.sentBy(r) && isEventsQuery(r))).toHaveLength(1)

          // ---- down, with the rest of the first poll's pages unread
          const warningsMark = streaming.capstan.logger.records.length
          let at = Date.now()
          down = true
          await puppetdbCtl(ctl!, 'stop', 'fault', CTL_TIMEOUT_MS)
          timings['stopMs'] = Date.now() - at
          stream = new StreamCollector(resumed(taken, iterator))
          const failedPolls = () => streaming.capstan.logger.records.slice(warningsMark).filter((r) => /events\.stream: poll failed/.test(r.msg ?? ''))
          await waitFor('the stream to fail a poll while PuppetDB is down', () => (failedPolls().length >= 2 ? true : undefined), ARRIVAL_MS)
          expect(stream.ended).toBe(false)
          expect(stream.items.length).toBeLessThan(expectedEvents(seeded).length)
          expect(new Set(stream.items.map((e) => eventKey(e))).size).toBe(stream.items.length)

          // ---- up again
          at = Date.now()
          await puppetdbCtl(ctl!, 'start', 'fault', CTL_TIMEOUT_MS)
          down = false
          timings['startMs'] = Date.now() - at

          at = Date.now()
          const after = runsOf(nodes.slice(8, 11), ['changed', 'failed', 'noop'])
          await storeRuns(url, after)
          await expectExactly(stream, [...seeded, ...after], { node: nodes[11]!, kind: 'failed' })
          timings['streamCaughtUpMs'] = Date.now() - at
          expect(stream.error).toBeUndefined()
        } finally {
          controller.abort()
          if (stream === undefined) await iterator.return?.()
          await stream?.done
          if (down || !(await isRunning(url))) await puppetdbCtl(ctl!, 'start', 'fault', CTL_TIMEOUT_MS)
          console.info(`[live-instance] mid-poll outage timings ${JSON.stringify(timings)}`)
        }
      },
      300_000,
    )
  })
})

/** What a stream was given already, then the rest of its iterator: one iterable, so it is collected as one stream. */
async function* resumed<T>(taken: readonly T[], rest: AsyncIterator<T>): AsyncGenerator<T> {
  yield* taken
  yield* { [Symbol.asyncIterator]: () => rest }
}

/** The message of the error a log record carries as `err`. */
function errorMessage(obj: unknown): string {
  const err = (obj as { err?: unknown } | undefined)?.err
  return err instanceof Error ? err.message : ''
}

function isEventsQuery(request: SentRequest): boolean {
  return request.method === 'POST' && request.path === '/pdb/query/v4/events'
}

/**
 * The most requests one poll of a stream sent. The pages of a poll follow
 * each other at once, while a poll starts POLL_MS at least after the last
 * request of the one before: two requests less than POLL_MS apart belong to
 * the same poll. (A page slower than POLL_MS splits its poll in two here,
 * which can only lower the count.)
 */
function mostPagesInOnePoll(requests: readonly SentRequest[]): number {
  let most = requests.length === 0 ? 0 : 1
  let current = 1
  for (let i = 1; i < requests.length; i++) {
    current = requests[i]!.at - requests[i - 1]!.at < POLL_MS ? current + 1 : 1
    most = Math.max(most, current)
  }
  return most
}

/** One run per node, the kinds taken in turn. */
function runsOf(nodes: readonly DatasetNode[], kinds: readonly RunKind[]): Run[] {
  return nodes.map((node, i) => ({ node, kind: kinds[i % kinds.length]! }))
}
