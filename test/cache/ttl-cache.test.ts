import { describe, expect, it, vi } from 'vitest'
import { TtlCache } from '../../src/cache/ttl-cache.js'
import { isCapstanError } from '../../src/errors/capstan-error.js'
import { deferred } from '@capstan/test-support/async'

/** A clock the test moves by hand. */
function fakeClock(start = 0) {
  let time = start
  return { now: () => time, advance: (ms: number) => void (time += ms) }
}

describe('TtlCache', () => {
  it('serves a loaded value until the TTL passes, then loads again', async () => {
    const clock = fakeClock()
    const cache = new TtlCache<string, number>({ ttlMs: 1_000, max: 10, now: clock.now })
    let calls = 0
    const load = async () => ++calls
    expect(await cache.get('k', load)).toBe(1)
    clock.advance(1_000)
    expect(await cache.get('k', load)).toBe(1)
    clock.advance(1)
    expect(await cache.get('k', load)).toBe(2)
    expect(cache.stats()).toEqual({ hits: 1, misses: 2, loads: 2, size: 1 })
  })

  it('loads again on refresh, and caches the new value', async () => {
    const cache = new TtlCache<string, number>({ ttlMs: 60_000, max: 10, now: fakeClock().now })
    let calls = 0
    const load = async () => ++calls
    await cache.get('k', load)
    expect(await cache.get('k', load, { refresh: true })).toBe(2)
    expect(await cache.get('k', load)).toBe(2)
  })

  it('forgets invalidated and cleared keys', async () => {
    const cache = new TtlCache<string, string>({ ttlMs: 60_000, max: 10 })
    const load = vi.fn(async () => 'v')
    await cache.get('a', load)
    await cache.get('b', load)
    await cache.get('c', load)
    expect(cache.invalidate('a')).toBe(true)
    expect(cache.invalidate('a')).toBe(false)
    expect(cache.invalidateWhere((key) => key === 'b')).toBe(1)
    await cache.get('a', load)
    await cache.get('b', load)
    expect(load).toHaveBeenCalledTimes(5)
    cache.clear()
    expect(cache.stats().size).toBe(0)
    await cache.get('c', load)
    expect(load).toHaveBeenCalledTimes(6)
  })

  it('evicts the least recently used entry beyond max', async () => {
    const cache = new TtlCache<string, string>({ ttlMs: 60_000, max: 2 })
    const load = vi.fn(async () => 'v')
    await cache.get('a', load)
    await cache.get('b', load)
    await cache.get('a', load)
    await cache.get('c', load)
    expect(cache.stats().size).toBe(2)
    await cache.get('a', load)
    expect(load).toHaveBeenCalledTimes(3)
    await cache.get('b', load)
    expect(load).toHaveBeenCalledTimes(4)
  })

  it('shares one load among concurrent misses', async () => {
    const cache = new TtlCache<string, object>({ ttlMs: 60_000, max: 10 })
    const gate = deferred<object>()
    const load = vi.fn(() => gate.promise)
    const waiting = Array.from({ length: 10 }, () => cache.get('k', load))
    const value = { nodes: [] }
    gate.resolve(value)
    const results = await Promise.all(waiting)
    expect(load).toHaveBeenCalledTimes(1)
    expect(results.every((result) => result === value)).toBe(true)
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 10, loads: 1 })
  })

  it('caches undefined and null values', async () => {
    const cache = new TtlCache<string, null | undefined>({ ttlMs: 60_000, max: 10 })
    const load = vi.fn(async () => undefined)
    expect(await cache.get('k', load)).toBeUndefined()
    expect(await cache.get('k', load)).toBeUndefined()
    expect(load).toHaveBeenCalledTimes(1)
  })

  it('does not cache a rejected load, and every waiter gets the error', async () => {
    const cache = new TtlCache<string, string>({ ttlMs: 60_000, max: 10 })
    const gate = deferred<string>()
    const failing = vi.fn(() => gate.promise)
    const waiting = Array.from({ length: 3 }, () => cache.get('k', failing))
    const boom = new Error('backend down')
    gate.reject(boom)
    for (const result of await Promise.allSettled(waiting)) expect(result).toEqual({ status: 'rejected', reason: boom })
    expect(failing).toHaveBeenCalledTimes(1)
    expect(cache.stats().size).toBe(0)
    expect(await cache.get('k', async () => 'ok')).toBe('ok')
  })

  it('drops an older value when its refresh fails', async () => {
    const cache = new TtlCache<string, string>({ ttlMs: 60_000, max: 10 })
    await cache.get('k', async () => 'old')
    await expect(cache.get('k', async () => Promise.reject(new Error('x')), { refresh: true })).rejects.toThrow('x')
    expect(await cache.get('k', async () => 'new')).toBe('new')
  })

  it('turns a loader that throws synchronously into a rejection', async () => {
    const cache = new TtlCache<string, string>({ ttlMs: 60_000, max: 10 })
    const load = (): Promise<string> => {
      throw new Error('sync')
    }
    await expect(cache.get('k', load)).rejects.toThrow('sync')
  })

  it('lets one waiter give up without stopping the load for the others', async () => {
    const cache = new TtlCache<string, string>({ ttlMs: 60_000, max: 10 })
    const gate = deferred<string>()
    let loadSignal: AbortSignal | undefined
    const load = (signal: AbortSignal) => {
      loadSignal = signal
      return gate.promise
    }
    const quitter = new AbortController()
    const first = cache.get('k', load, { signal: quitter.signal })
    const second = cache.get('k', load)
    quitter.abort()
    await expect(first).rejects.toMatchObject({ name: 'AbortError' })
    expect(loadSignal!.aborted).toBe(false)
    gate.resolve('v')
    expect(await second).toBe('v')
    expect(await cache.get('k', load)).toBe('v')
  })

  it('aborts the load when every waiter gives up, and starts afresh next time', async () => {
    const cache = new TtlCache<string, string>({ ttlMs: 60_000, max: 10 })
    const signals: AbortSignal[] = []
    const hanging = (signal: AbortSignal) => {
      signals.push(signal)
      return new Promise<string>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)))
    }
    const a = new AbortController()
    const b = new AbortController()
    const first = cache.get('k', hanging, { signal: a.signal })
    const second = cache.get('k', hanging, { signal: b.signal })
    a.abort()
    expect(signals[0]!.aborted).toBe(false)
    b.abort(new Error('caller gone'))
    await expect(first).rejects.toMatchObject({ name: 'AbortError' })
    await expect(second).rejects.toThrow('caller gone')
    expect(signals[0]!.aborted).toBe(true)
    expect(await cache.get('k', async () => 'fresh')).toBe('fresh')
  })

  it('rejects at once when the signal is already aborted', async () => {
    const cache = new TtlCache<string, string>({ ttlMs: 60_000, max: 10 })
    const load = vi.fn(async () => 'v')
    await expect(cache.get('k', load, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' })
    expect(load).not.toHaveBeenCalled()
  })

  it('delivers a load invalidated mid-flight to its waiters but does not cache it', async () => {
    const cache = new TtlCache<string, string>({ ttlMs: 60_000, max: 10 })
    const gate = deferred<string>()
    const waiting = cache.get('k', () => gate.promise)
    cache.invalidate('k')
    gate.resolve('stale')
    expect(await waiting).toBe('stale')
    expect(await cache.get('k', async () => 'fresh')).toBe('fresh')
  })

  it('with ttlMs 0 keeps nothing, yet concurrent gets share one load', async () => {
    const cache = new TtlCache<string, number>({ ttlMs: 0, max: 10 })
    let loads = 0
    const gate = deferred<number>()
    const load = () => {
      loads++
      return gate.promise
    }
    const both = Promise.all([cache.get('k', load), cache.get('k', load)])
    gate.resolve(1)
    expect(await both).toEqual([1, 1])
    expect(loads).toBe(1)
    expect(await cache.get('k', async () => 2)).toBe(2)
    expect(cache.stats().size).toBe(0)
  })

  it('rejects bad options with CONFIG_ERROR', () => {
    for (const options of [{ ttlMs: -1, max: 1 }, { ttlMs: 1, max: 0 }, { ttlMs: Number.NaN, max: 1 }, { ttlMs: 1, max: 1.5 }]) {
      let thrown: unknown
      try {
        new TtlCache(options)
      } catch (error) {
        thrown = error
      }
      expect(isCapstanError(thrown, 'CONFIG_ERROR')).toBe(true)
    }
  })
})
