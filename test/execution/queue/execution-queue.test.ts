import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it, vi } from 'vitest'
import { CapstanError, isCapstanError } from '../../../src/errors/index.js'
import { ExecutionQueue, type SlotLease, type SlotRequest } from '../../../src/execution/queue/index.js'

/** Lets every pending promise callback run. */
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** An acquire whose outcome can be read synchronously after a flush. */
interface Tracked {
  lease?: SlotLease
  error?: unknown
  positions: number[]
}

function track(queue: ExecutionQueue, request: Omit<SlotRequest, 'onPosition'>, order?: string[], name?: string): Tracked {
  const tracked: Tracked = { positions: [] }
  queue
    .acquire({ ...request, onPosition: (n) => tracked.positions.push(n) })
    .then((lease) => {
      tracked.lease = lease
      if (name !== undefined) order?.push(name)
    })
    .catch((error: unknown) => (tracked.error = error))
  return tracked
}

/** A deterministic PRNG, so a failing run can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

describe('ExecutionQueue limits', () => {
  it('never exceeds the global and per-plugin limits, and reaches them (200 tasks, 3 plugins)', async () => {
    const queue = new ExecutionQueue({ concurrency: 8 })
    const limits: Record<string, number> = { a: 3, b: 5, c: Infinity }
    queue.setPluginConcurrency('a', 3)
    queue.setPluginConcurrency('b', 5)
    const random = mulberry32(42)
    const inFlight: Record<string, number> = { a: 0, b: 0, c: 0 }
    const maxInFlight: Record<string, number> = { a: 0, b: 0, c: 0 }
    let globalInFlight = 0
    let maxGlobal = 0
    let maxReportedRunning = 0
    const plugins = ['a', 'b', 'c']

    const task = async (plugin: string, ms: number): Promise<void> => {
      const lease = await queue.acquire({ plugin, weight: 1 })
      try {
        globalInFlight += 1
        inFlight[plugin] = (inFlight[plugin] ?? 0) + 1
        maxGlobal = Math.max(maxGlobal, globalInFlight)
        maxInFlight[plugin] = Math.max(maxInFlight[plugin] ?? 0, inFlight[plugin] ?? 0)
        maxReportedRunning = Math.max(maxReportedRunning, queue.stats().running)
        await sleep(ms)
      } finally {
        globalInFlight -= 1
        inFlight[plugin] = (inFlight[plugin] ?? 0) - 1
        lease.release()
      }
    }

    const tasks = Array.from({ length: 200 }, () => task(plugins[Math.floor(random() * 3)] ?? 'c', 1 + Math.floor(random() * 10)))
    await Promise.all(tasks)

    expect(maxGlobal).toBe(8)
    expect(maxReportedRunning).toBe(8)
    for (const plugin of ['a', 'b']) expect(maxInFlight[plugin]).toBe(limits[plugin])
    expect(maxInFlight.c).toBeGreaterThan(0)
    expect(maxInFlight.c).toBeLessThanOrEqual(8)
    expect(queue.stats()).toMatchObject({ running: 0, queued: 0, completed: 200 })
  })

  it('grants a batch its k slots together, or not at all', async () => {
    const queue = new ExecutionQueue({ concurrency: 10 })
    const first = track(queue, { plugin: 'bolt', weight: 4 })
    const second = track(queue, { plugin: 'bolt', weight: 4 })
    const third = track(queue, { plugin: 'bolt', weight: 4 })
    await flush()
    expect(first.lease?.weight).toBe(4)
    expect(second.lease?.weight).toBe(4)
    expect(third.lease).toBeUndefined()
    // Two free slots are not handed out piecemeal to the batch of four.
    expect(queue.stats()).toMatchObject({ running: 8, queued: 4 })
    first.lease?.release()
    await flush()
    expect(third.lease?.weight).toBe(4)
    expect(queue.stats()).toMatchObject({ running: 8, queued: 0 })
  })

  it('runs a batch larger than the limit alone (clamped), holding its full weight', async () => {
    const queue = new ExecutionQueue({ concurrency: 50 })
    const small = track(queue, { plugin: 'bolt', weight: 1 })
    const big = track(queue, { plugin: 'bolt', weight: 100 })
    const after = track(queue, { plugin: 'other', weight: 1 })
    await flush()
    expect(small.lease).toBeDefined()
    expect(big.lease).toBeUndefined()
    expect(after.lease).toBeUndefined()
    small.lease?.release()
    await flush()
    expect(big.lease?.weight).toBe(100)
    expect(after.lease).toBeUndefined()
    expect(queue.stats()).toMatchObject({ running: 100, queued: 1 })
    big.lease?.release()
    await flush()
    expect(after.lease).toBeDefined()
  })

  it('clamps to the plugin limit too, and maxBatchWeight says how to split instead', async () => {
    const queue = new ExecutionQueue({ concurrency: 10 })
    expect(queue.maxBatchWeight('bolt')).toBe(10)
    queue.setPluginConcurrency('bolt', 3)
    expect(queue.maxBatchWeight('bolt')).toBe(3)
    expect(queue.maxBatchWeight('local')).toBe(10)
    queue.setConcurrency(2)
    expect(queue.maxBatchWeight('bolt')).toBe(2)

    queue.setConcurrency(10)
    const big = track(queue, { plugin: 'bolt', weight: 5 })
    await flush()
    expect(big.lease?.weight).toBe(5)
    expect(queue.stats().perPlugin.bolt).toEqual({ running: 5, queued: 0, limit: 3 })
  })
})

describe('ExecutionQueue order', () => {
  it('serves the highest priority first, FIFO within a priority', async () => {
    const queue = new ExecutionQueue({ concurrency: 1 })
    const holder = track(queue, { plugin: 'p', weight: 1 })
    const order: string[] = []
    const byName: Record<string, Tracked> = {
      a0: track(queue, { plugin: 'p', weight: 1 }, order, 'a0'),
      b0: track(queue, { plugin: 'p', weight: 1 }, order, 'b0'),
      c5: track(queue, { plugin: 'p', weight: 1, priority: 5 }, order, 'c5'),
      d1: track(queue, { plugin: 'p', weight: 1, priority: 1 }, order, 'd1'),
      e5: track(queue, { plugin: 'p', weight: 1, priority: 5 }, order, 'e5'),
    }
    await flush()
    let current = holder
    for (let granted = 1; granted <= 5; granted++) {
      current.lease?.release()
      await flush()
      // One slot: each release lets exactly the next one in.
      expect(order).toHaveLength(granted)
      current = byName[order.at(-1) ?? ''] as Tracked
    }
    expect(order).toEqual(['c5', 'e5', 'd1', 'a0', 'b0'])
  })

  it('does not let a request held back only by its plugin limit hold back other plugins', async () => {
    const queue = new ExecutionQueue({ concurrency: 4 })
    queue.setPluginConcurrency('a', 1)
    const a1 = track(queue, { plugin: 'a', weight: 1 })
    const a2 = track(queue, { plugin: 'a', weight: 1 })
    const b1 = track(queue, { plugin: 'b', weight: 2 })
    await flush()
    expect(a1.lease).toBeDefined()
    expect(a2.lease).toBeUndefined()
    expect(b1.lease).toBeDefined()
    a1.lease?.release()
    await flush()
    expect(a2.lease).toBeDefined()
  })

  it('does not let a later request of the same plugin overtake its plugin-blocked head', async () => {
    const queue = new ExecutionQueue({ concurrency: 10 })
    queue.setPluginConcurrency('a', 2)
    const holder = track(queue, { plugin: 'a', weight: 1 })
    const batch = track(queue, { plugin: 'a', weight: 2 })
    const single = track(queue, { plugin: 'a', weight: 1 })
    await flush()
    expect(holder.lease).toBeDefined()
    expect(batch.lease).toBeUndefined()
    expect(single.lease).toBeUndefined()
    holder.lease?.release()
    await flush()
    expect(batch.lease).toBeDefined()
    expect(single.lease).toBeUndefined()
  })

  it('does not let anyone overtake a head the global limit holds back, so big batches do not starve', async () => {
    const queue = new ExecutionQueue({ concurrency: 2 })
    const holder = track(queue, { plugin: 'a', weight: 1 })
    const batch = track(queue, { plugin: 'a', weight: 2 })
    const small = track(queue, { plugin: 'b', weight: 1 })
    await flush()
    expect(batch.lease).toBeUndefined()
    expect(small.lease).toBeUndefined()
    holder.lease?.release()
    await flush()
    expect(batch.lease).toBeDefined()
    expect(small.lease).toBeUndefined()
    batch.lease?.release()
    await flush()
    expect(small.lease).toBeDefined()
  })

  it('lets a higher-priority request in ahead of a waiting big batch when it fits', async () => {
    const queue = new ExecutionQueue({ concurrency: 2 })
    track(queue, { plugin: 'a', weight: 1 })
    const batch = track(queue, { plugin: 'a', weight: 2 })
    const urgent = track(queue, { plugin: 'b', weight: 1, priority: 1 })
    await flush()
    expect(batch.lease).toBeUndefined()
    expect(urgent.lease).toBeDefined()
    expect(urgent.positions).toEqual([0])
  })
})

describe('ExecutionQueue concurrency at run time', () => {
  it('admits waiters at once when the global limit is raised', async () => {
    const queue = new ExecutionQueue({ concurrency: 1 })
    track(queue, { plugin: 'p', weight: 1 })
    const waiting = [1, 2, 3].map(() => track(queue, { plugin: 'p', weight: 1 }))
    await flush()
    expect(waiting.filter((t) => t.lease).length).toBe(0)
    queue.setConcurrency(4)
    await flush()
    expect(waiting.filter((t) => t.lease).length).toBe(3)
    expect(queue.stats()).toMatchObject({ running: 4, queued: 0, concurrency: 4 })
  })

  it('does not preempt running nodes when lowered, and admits only below the new limit', async () => {
    const queue = new ExecutionQueue({ concurrency: 4 })
    const held = [1, 2, 3, 4].map(() => track(queue, { plugin: 'p', weight: 1 }))
    await flush()
    queue.setConcurrency(2)
    const next = track(queue, { plugin: 'p', weight: 1 })
    await flush()
    expect(queue.stats()).toMatchObject({ running: 4, queued: 1, concurrency: 2 })
    held[0]?.lease?.release()
    held[1]?.lease?.release()
    await flush()
    expect(next.lease).toBeUndefined()
    held[2]?.lease?.release()
    await flush()
    expect(next.lease).toBeDefined()
    expect(queue.stats()).toMatchObject({ running: 2, queued: 0 })
  })

  it('admits waiters when a plugin limit is raised or removed', async () => {
    const queue = new ExecutionQueue({ concurrency: 10 })
    queue.setPluginConcurrency('a', 1)
    track(queue, { plugin: 'a', weight: 1 })
    const second = track(queue, { plugin: 'a', weight: 1 })
    const third = track(queue, { plugin: 'a', weight: 1 })
    await flush()
    queue.setPluginConcurrency('a', 2)
    await flush()
    expect(second.lease).toBeDefined()
    expect(third.lease).toBeUndefined()
    queue.setPluginConcurrency('a', undefined)
    await flush()
    expect(third.lease).toBeDefined()
    expect(queue.stats().perPlugin.a).toEqual({ running: 3, queued: 0 })
  })

  it('rejects a concurrency that is not an integer >= 1 with CONFIG_ERROR naming concurrency', () => {
    const queue = new ExecutionQueue()
    for (const bad of [0, -3, 2.5, Number.NaN]) {
      let error: unknown
      try {
        queue.setConcurrency(bad)
      } catch (e) {
        error = e
      }
      expect(isCapstanError(error, 'CONFIG_ERROR')).toBe(true)
      expect((error as CapstanError).details.field).toBe('concurrency')
      expect((error as CapstanError).message).toContain('concurrency')
    }
    expect(queue.stats().concurrency).toBe(50)
    expect(() => queue.setPluginConcurrency('bolt', 0)).toThrow(expect.objectContaining({ code: 'CONFIG_ERROR', details: expect.objectContaining({ field: 'concurrency', plugin: 'bolt' }) }))
    expect(() => new ExecutionQueue({ concurrency: 0 })).toThrow(expect.objectContaining({ code: 'CONFIG_ERROR', details: expect.objectContaining({ field: 'concurrency' }) }))
    expect(() => new ExecutionQueue({ maxQueued: -1 })).toThrow(expect.objectContaining({ code: 'CONFIG_ERROR', details: expect.objectContaining({ field: 'maxQueued' }) }))
  })
})

describe('ExecutionQueue bound', () => {
  it('rejects with QUEUE_FULL beyond maxQueued, with details, retryable', async () => {
    const queue = new ExecutionQueue({ concurrency: 1, maxQueued: 5 })
    track(queue, { plugin: 'p', weight: 1 })
    const three = track(queue, { plugin: 'p', weight: 3 })
    const rejected = track(queue, { plugin: 'p', weight: 3 })
    const fits = track(queue, { plugin: 'p', weight: 2 })
    const one = track(queue, { plugin: 'p', weight: 1 })
    await flush()
    expect(rejected.error).toMatchObject({ code: 'QUEUE_FULL', retryable: true, details: { queued: 3, maxQueued: 5 } })
    expect(rejected.positions).toEqual([])
    expect(three.error).toBeUndefined()
    expect(fits.error).toBeUndefined()
    expect(isCapstanError(one.error, 'QUEUE_FULL')).toBe(true)
    expect(queue.stats()).toMatchObject({ running: 1, queued: 5 })
  })

  it('does not count requests granted at once against the bound', async () => {
    const queue = new ExecutionQueue({ concurrency: 3, maxQueued: 0 })
    const granted = track(queue, { plugin: 'p', weight: 3 })
    await flush()
    expect(granted.lease).toBeDefined()
    const next = track(queue, { plugin: 'p', weight: 1 })
    await flush()
    expect(next.error).toMatchObject({ code: 'QUEUE_FULL', details: { queued: 0, maxQueued: 0 } })
    expect(queue.stats()).toMatchObject({ running: 3, queued: 0 })
  })

  it('defaults to 50 in flight and 10,000 queued nodes', async () => {
    const queue = new ExecutionQueue()
    const leases = await Promise.all(Array.from({ length: 50 }, () => queue.acquire({ plugin: 'p', weight: 1 })))
    expect(leases).toHaveLength(50)
    const full = track(queue, { plugin: 'p', weight: 10_000 })
    const over = track(queue, { plugin: 'p', weight: 1 })
    await flush()
    expect(full.error).toBeUndefined()
    expect(over.error).toMatchObject({ code: 'QUEUE_FULL', details: { queued: 10_000, maxQueued: 10_000 } })
  })
})

describe('ExecutionQueue cancellation', () => {
  it('removes a request aborted while queued: it never runs and rejects CANCELLED with the reason as cause', async () => {
    const queue = new ExecutionQueue({ concurrency: 1 })
    const holder = track(queue, { plugin: 'p', weight: 1 })
    const controller = new AbortController()
    const victim = track(queue, { plugin: 'p', weight: 2, signal: controller.signal })
    await flush()
    expect(queue.stats().queued).toBe(2)
    controller.abort('user pressed stop')
    expect(queue.stats().queued).toBe(0)
    await flush()
    expect(isCapstanError(victim.error, 'CANCELLED')).toBe(true)
    expect((victim.error as Error).cause).toBe('user pressed stop')
    holder.lease?.release()
    await flush()
    expect(victim.lease).toBeUndefined()
    expect(queue.stats()).toEqual({ running: 0, queued: 0, completed: 1, concurrency: 1, perPlugin: {} })
  })

  it('passes a CapstanError abort reason through as the rejection', async () => {
    const queue = new ExecutionQueue({ concurrency: 1 })
    track(queue, { plugin: 'p', weight: 1 })
    const controller = new AbortController()
    const reason = new CapstanError('TIMEOUT', { message: 'execution timed out' })
    const pending = queue.acquire({ plugin: 'p', weight: 1, signal: controller.signal })
    controller.abort(reason)
    await expect(pending).rejects.toBe(reason)
  })

  it('rejects at once for a signal aborted before acquire, without queueing or reporting a position', async () => {
    const queue = new ExecutionQueue({ concurrency: 1 })
    const positions: number[] = []
    const pending = queue.acquire({ plugin: 'p', weight: 1, signal: AbortSignal.abort('early'), onPosition: (n) => positions.push(n) })
    expect(queue.stats()).toMatchObject({ running: 0, queued: 0 })
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED', cause: 'early' })
    expect(positions).toEqual([])
  })

  it('lets the requests behind an aborted head in', async () => {
    const queue = new ExecutionQueue({ concurrency: 2 })
    track(queue, { plugin: 'p', weight: 1 })
    const controller = new AbortController()
    const batch = track(queue, { plugin: 'p', weight: 2, signal: controller.signal })
    const small = track(queue, { plugin: 'q', weight: 1 })
    await flush()
    expect(small.lease).toBeUndefined()
    controller.abort()
    await flush()
    expect(batch.lease).toBeUndefined()
    expect(small.lease).toBeDefined()
  })

  it('ignores an abort after the grant and stops listening to the signal', async () => {
    const queue = new ExecutionQueue({ concurrency: 1 })
    const holder = track(queue, { plugin: 'p', weight: 1 })
    const controller = new AbortController()
    const removed = vi.spyOn(controller.signal, 'removeEventListener')
    const later = track(queue, { plugin: 'p', weight: 1, signal: controller.signal })
    await flush()
    expect(removed).not.toHaveBeenCalled()
    holder.lease?.release()
    await flush()
    // One long-lived execution signal is shared by many requests: listeners must not pile up.
    expect(removed).toHaveBeenCalledWith('abort', expect.any(Function))
    controller.abort()
    await flush()
    expect(later.lease).toBeDefined()
    expect(later.error).toBeUndefined()
    expect(queue.stats().running).toBe(1)
  })
})

describe('ExecutionQueue stats and positions', () => {
  it('counts running, queued and completed nodes, per plugin too', async () => {
    const queue = new ExecutionQueue({ concurrency: 3 })
    queue.setPluginConcurrency('bolt', 2)
    const a = track(queue, { plugin: 'bolt', weight: 2 })
    const b = track(queue, { plugin: 'local', weight: 1 })
    const c = track(queue, { plugin: 'bolt', weight: 1 })
    const d = track(queue, { plugin: 'local', weight: 1 })
    await flush()
    expect(queue.stats()).toEqual({
      running: 3,
      queued: 2,
      completed: 0,
      concurrency: 3,
      perPlugin: { bolt: { running: 2, queued: 1, limit: 2 }, local: { running: 1, queued: 1 } },
    })
    a.lease?.release()
    a.lease?.release() // idempotent: counted once
    await flush()
    expect(queue.stats()).toMatchObject({ running: 3, queued: 0, completed: 2 })
    for (const t of [b, c, d]) t.lease?.release()
    expect(queue.stats()).toEqual({ running: 0, queued: 0, completed: 5, concurrency: 3, perPlugin: { bolt: { running: 0, queued: 0, limit: 2 } } })
  })

  it('reports the nodes ahead once when queued, 0 when granted at once', async () => {
    const queue = new ExecutionQueue({ concurrency: 1 })
    const first = track(queue, { plugin: 'p', weight: 1 })
    const second = track(queue, { plugin: 'p', weight: 3 })
    const third = track(queue, { plugin: 'p', weight: 2 })
    const urgent = track(queue, { plugin: 'p', weight: 1, priority: 9 })
    await flush()
    expect(first.positions).toEqual([0])
    expect(second.positions).toEqual([0])
    expect(third.positions).toEqual([3])
    expect(urgent.positions).toEqual([0])
    first.lease?.release()
    await flush()
    // Reported once only, not again as the queue moves.
    expect(third.positions).toEqual([3])
  })

  it('releases through Symbol.dispose as well', async () => {
    const queue = new ExecutionQueue({ concurrency: 1 })
    const lease = await queue.acquire({ plugin: 'p', weight: 1 })
    lease[Symbol.dispose]()
    lease.release()
    expect(queue.stats()).toMatchObject({ running: 0, completed: 1 })
  })

  it('gives the request up when onPosition throws, queued or granted at once', async () => {
    const queue = new ExecutionQueue({ concurrency: 1 })
    const boom = new Error('boom')
    await expect(queue.acquire({ plugin: 'p', weight: 1, onPosition: () => { throw boom } })).rejects.toBe(boom)
    expect(queue.stats()).toMatchObject({ running: 0, queued: 0 })
    const holder = await queue.acquire({ plugin: 'p', weight: 1 })
    await expect(queue.acquire({ plugin: 'p', weight: 1, onPosition: () => { throw boom } })).rejects.toBe(boom)
    expect(queue.stats()).toMatchObject({ running: 1, queued: 0 })
    holder.release()
  })

  it('rejects a bad weight, plugin or priority with VALIDATION_ERROR naming the field', async () => {
    const queue = new ExecutionQueue()
    await expect(queue.acquire({ plugin: 'p', weight: 0 })).rejects.toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'weight' } })
    await expect(queue.acquire({ plugin: 'p', weight: 1.5 })).rejects.toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'weight' } })
    await expect(queue.acquire({ plugin: '', weight: 1 })).rejects.toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'plugin' } })
    await expect(queue.acquire({ plugin: 'p', weight: 1, priority: Number.NaN })).rejects.toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'priority' } })
    expect(queue.stats()).toMatchObject({ running: 0, queued: 0, perPlugin: {} })
  })
})
