import { CapstanError, type Alert, type ProviderContext } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { aborted, never, rejection, sleep, within } from '@capstan/test-support/async'
import { alert, fakePlugin, resourceEvent } from '../support/fake-plugin.js'

function alertSource(name: string, items: (ctx: ProviderContext) => AsyncIterable<Alert>) {
  return fakePlugin(name, { integrationTypes: ['alerts'], capabilities: { 'alert.subscribe': (_input, ctx) => items(ctx) } })
}

async function collect<T>(iterable: AsyncIterable<T>, limit = Infinity): Promise<T[]> {
  const items: T[] = []
  for await (const item of iterable) {
    items.push(item)
    if (items.length >= limit) break
  }
  return items
}

describe('events.stream', () => {
  it('yields the items of the provider, which receives the input with defaults', async () => {
    const puppetdb = fakePlugin('puppetdb', {
      integrationTypes: ['events'],
      capabilities: {
        'events.stream': async function* (input) {
          yield resourceEvent('/etc/motd', { certname: input.node })
          yield resourceEvent('/etc/hosts', { certname: input.node })
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [puppetdb.plugin] })
    const events = await collect(capstan.events.stream({ node: 'web01' }))
    expect(events.map((e) => [e.certname, e.resourceTitle])).toEqual([
      ['web01', '/etc/motd'],
      ['web01', '/etc/hosts'],
    ])
    expect(puppetdb.log.lastInput('events.stream')).toEqual({ node: 'web01', pollIntervalMs: 5000 })
  })

  it('streams from the highest-priority provider only (prioritised routing)', async () => {
    const source = (name: string) =>
      fakePlugin(name, {
        integrationTypes: ['events'],
        capabilities: {
          'events.stream': async function* () {
            yield resourceEvent(name)
          },
        },
      })
    const low = source('low')
    const high = source('high')
    await using capstan = await createTestCapstan({ plugins: [low.plugin, { plugin: high.plugin, priority: 3 }] })
    expect((await collect(capstan.events.stream({}))).map((e) => e.resourceTitle)).toEqual(['high'])
    expect(low.log.count()).toBe(0)
    expect((await collect(capstan.events.stream({}, { plugin: 'low' }))).map((e) => e.resourceTitle)).toEqual(['low'])
  })

  it('rejects the first next() with NO_PROVIDER when nobody streams events', async () => {
    await using capstan = await createTestCapstan({})
    await rejection(capstan.events.stream({})[Symbol.asyncIterator]().next(), 'NO_PROVIDER')
  })
})

describe('alert.subscribe (aggregate stream)', () => {
  it('merges two providers as their items arrive', async () => {
    const slow = alertSource('slow', async function* () {
      yield alert('s1')
      await sleep(40)
      yield alert('s2')
    })
    const fast = alertSource('fast', async function* () {
      yield alert('f1')
      yield alert('f2')
    })
    await using capstan = await createTestCapstan({ plugins: [slow.plugin, fast.plugin] })
    const ids = (await collect(capstan.alerts.subscribe({}))).map((a) => a.id)
    expect(ids.sort()).toEqual(['f1', 'f2', 's1', 's2'])
    expect(ids.at(-1)).toBe('s2')
  })

  it('ends with a source\'s error, attributed to that plugin', async () => {
    const broken = alertSource('broken', async function* () {
      yield alert('b1')
      throw new Error('watch connection reset')
    })
    await using capstan = await createTestCapstan({ plugins: [broken.plugin] })
    const error = await rejection(collect(capstan.alerts.subscribe({})), 'PLUGIN_ERROR')
    expect(error.details).toMatchObject({ plugin: 'broken', capability: 'alert.subscribe' })
    expect(error.message).toContain('watch connection reset')
  })
})

describe('stopping a stream', () => {
  it('ends iteration promptly when the signal aborts, and the provider sees the abort', async () => {
    let seen: AbortSignal | undefined
    const polite = alertSource('polite', async function* (ctx) {
      seen = ctx.signal
      yield alert('p1')
      await aborted(ctx.signal)
    })
    await using capstan = await createTestCapstan({ plugins: [polite.plugin] })
    const controller = new AbortController()
    const items: string[] = []
    const consume = (async () => {
      for await (const item of capstan.alerts.subscribe({}, { signal: controller.signal })) items.push(item.id)
    })()
    await sleep(20)
    controller.abort()
    await within(consume.catch((e: unknown) => (e instanceof CapstanError && e.code === 'CANCELLED' ? undefined : Promise.reject(e))), 200, 'the aborted stream')
    expect(items).toEqual(['p1'])
    expect(seen?.aborted).toBe(true)
  })

  it('ends iteration promptly when the signal aborts even if the provider ignores its signal', async () => {
    const deaf = alertSource('deaf', async function* () {
      yield alert('d1')
      await never()
    })
    await using capstan = await createTestCapstan({ plugins: [deaf.plugin] })
    const controller = new AbortController()
    const consume = (async () => {
      for await (const _ of capstan.alerts.subscribe({}, { signal: controller.signal })) void _
    })()
    await sleep(20)
    controller.abort()
    await within(consume.catch((e: unknown) => (e instanceof CapstanError && e.code === 'CANCELLED' ? undefined : Promise.reject(e))), 200, 'the aborted stream')
  })

  it('calls the provider iterator\'s return when the consumer breaks between items', async () => {
    let finallyRan = false
    const source = alertSource('source', async function* () {
      try {
        yield alert('x1')
        yield alert('x2')
        yield alert('x3')
      } finally {
        finallyRan = true
      }
    })
    await using capstan = await createTestCapstan({ plugins: [source.plugin] })
    const items = await within(collect(capstan.alerts.subscribe({}), 1), 200, 'breaking out of the stream')
    expect(items.map((a) => a.id)).toEqual(['x1'])
    expect(finallyRan).toBe(true)
  })

  it('lets the consumer break promptly while the provider waits for its next item, and runs its finally', async () => {
    let finallyRan = false
    let seen: AbortSignal | undefined
    const waiting = alertSource('waiting', async function* (ctx) {
      seen = ctx.signal
      try {
        yield alert('w1')
        // A well-behaved provider waits for the next alert until its signal says stop.
        await aborted(ctx.signal)
      } finally {
        finallyRan = true
      }
    })
    await using capstan = await createTestCapstan({ plugins: [waiting.plugin] })
    const items = await within(collect(capstan.alerts.subscribe({}), 1), 300, 'breaking out of the stream')
    expect(items.map((a) => a.id)).toEqual(['w1'])
    expect(seen?.aborted).toBe(true)
    expect(finallyRan).toBe(true)
  })

  it('closes every merged source when the consumer breaks', async () => {
    const closed: string[] = []
    const source = (name: string) =>
      alertSource(name, async function* () {
        try {
          yield alert(`${name}1`)
          yield alert(`${name}2`)
        } finally {
          closed.push(name)
        }
      })
    await using capstan = await createTestCapstan({ plugins: [source('a').plugin, source('b').plugin] })
    await within(collect(capstan.alerts.subscribe({}), 1), 200, 'breaking out of the stream')
    expect(closed.sort()).toEqual(['a', 'b'])
  })
})
