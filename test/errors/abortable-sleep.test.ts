import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { isCapstanError } from 'capstan'
import { abortableSleep } from 'capstan/plugin-kit'

describe('abortableSleep', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('resolves after the delay', async () => {
    let done = false
    const pending = abortableSleep(1_000).then(() => (done = true))
    await vi.advanceTimersByTimeAsync(999)
    expect(done).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await pending
    expect(done).toBe(true)
  })

  it('rejects with CANCELLED carrying the reason when the signal aborts, and clears the timer', async () => {
    const controller = new AbortController()
    const pending = abortableSleep(1_000, controller.signal).catch((e: unknown) => e)
    controller.abort('bye')
    const error = await pending
    expect(isCapstanError(error, 'CANCELLED')).toBe(true)
    expect((error as Error).cause).toBe('bye')
    expect(vi.getTimerCount()).toBe(0)
  })

  it('rejects at once for an already aborted signal', async () => {
    await expect(abortableSleep(1_000, AbortSignal.abort('early'))).rejects.toMatchObject({ code: 'CANCELLED', cause: 'early' })
    expect(vi.getTimerCount()).toBe(0)
  })

  it('removes its abort listener when the wait ends', async () => {
    const controller = new AbortController()
    const remove = vi.spyOn(controller.signal, 'removeEventListener')
    const pending = abortableSleep(10, controller.signal)
    await vi.advanceTimersByTimeAsync(10)
    await pending
    expect(remove).toHaveBeenCalledWith('abort', expect.any(Function))
  })
})
