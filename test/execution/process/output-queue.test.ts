import { describe, expect, it, vi } from 'vitest'
import { OutputQueue } from '../../../src/execution/process/output-queue.js'

const chunk = (bytes: number) => ({ bytes })

describe('OutputQueue', () => {
  it('is first in, first out, and tracks queued and peak bytes', () => {
    const queue = new OutputQueue<{ bytes: number }>(100)
    const a = chunk(10)
    const b = chunk(20)
    queue.push(a)
    queue.push(b)
    expect(queue.queuedBytes).toBe(30)
    expect(queue.shift()).toBe(a)
    expect(queue.shift()).toBe(b)
    expect(queue.shift()).toBeUndefined()
    expect(queue.queuedBytes).toBe(0)
    expect(queue.maxQueuedBytes).toBe(30)
  })

  it('has no room from the mark on, and calls room listeners once when a shift brings it back under', () => {
    const queue = new OutputQueue<{ bytes: number }>(100)
    const onRoom = vi.fn()
    queue.onRoom(onRoom)
    queue.push(chunk(60))
    expect(queue.hasRoom).toBe(true)
    queue.push(chunk(60))
    expect(queue.hasRoom).toBe(false)
    queue.shift()
    expect(queue.hasRoom).toBe(true)
    expect(onRoom).toHaveBeenCalledTimes(1)
    queue.shift()
    // Going from under the mark to emptier is not a new "room" event.
    expect(onRoom).toHaveBeenCalledTimes(1)
  })

  it('lets a room listener push again from inside shift', () => {
    const queue = new OutputQueue<{ bytes: number }>(10)
    queue.onRoom(() => queue.push(chunk(5)))
    queue.push(chunk(10))
    queue.shift()
    expect(queue.queuedBytes).toBe(5)
  })

  it('wakes a waiting consumer on push and on end, and is done only when ended and empty', async () => {
    const queue = new OutputQueue<{ bytes: number }>(10)
    let woke = false
    const waiting = queue.changed().then(() => (woke = true))
    await Promise.resolve()
    expect(woke).toBe(false)
    queue.push(chunk(1))
    await waiting
    expect(woke).toBe(true)
    queue.end()
    expect(queue.done).toBe(false)
    queue.shift()
    expect(queue.done).toBe(true)
    await expect(queue.changed()).resolves.toBeUndefined()
  })
})
