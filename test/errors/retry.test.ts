import { describe, expect, it, vi } from 'vitest'
import { CapstanError, isCapstanError } from 'capstan'
import { retry, type RetryOptions } from 'capstan/plugin-kit'

/** A sleep that records each delay and resolves at once. */
function recordingSleep(): { delays: number[]; sleep: NonNullable<RetryOptions['sleep']> } {
  const delays: number[] = []
  return { delays, sleep: async (ms) => void delays.push(ms) }
}

const unavailable = (details: Record<string, unknown> = {}) => new CapstanError('UNAVAILABLE', { details })

describe('retry', () => {
  it('returns the first success without waiting', async () => {
    const { delays, sleep } = recordingSleep()
    await expect(retry(async () => 'ok', { sleep })).resolves.toBe('ok')
    expect(delays).toEqual([])
  })

  it('retries a retryable error, then returns the success, passing 1-based attempts and the signal', async () => {
    const { sleep } = recordingSleep()
    const signal = new AbortController().signal
    const seen: Array<[number, AbortSignal]> = []
    const result = await retry(
      async (attempt, s) => {
        seen.push([attempt, s])
        if (attempt < 3) throw unavailable()
        return attempt
      },
      { sleep, signal },
    )
    expect(result).toBe(3)
    expect(seen).toEqual([[1, signal], [2, signal], [3, signal]])
  })

  it('grows delays exponentially and caps them at maxDelayMs', async () => {
    const { delays, sleep } = recordingSleep()
    const fn = vi.fn(async () => {
      throw unavailable()
    })
    await expect(retry(fn, { retries: 6, minDelayMs: 100, maxDelayMs: 1_000, factor: 2, jitter: 'none', sleep })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    })
    expect(fn).toHaveBeenCalledTimes(7)
    expect(delays).toEqual([100, 200, 400, 800, 1_000, 1_000])
  })

  it('full jitter picks between minDelayMs and the ceiling using random', async () => {
    const { delays, sleep } = recordingSleep()
    const randoms = [0, 0.5, 0.999]
    await expect(
      retry(
        async () => {
          throw unavailable()
        },
        { retries: 3, minDelayMs: 100, maxDelayMs: 10_000, sleep, random: () => randoms.shift() ?? 0 },
      ),
    ).rejects.toBeInstanceOf(CapstanError)
    // ceilings 100, 200, 400
    expect(delays).toEqual([100, 150, 400])
  })

  it('rethrows a non-retryable error at once, untouched', async () => {
    const { delays, sleep } = recordingSleep()
    const error = new CapstanError('VALIDATION_ERROR')
    const fn = vi.fn(async () => {
      throw error
    })
    await expect(retry(fn, { sleep })).rejects.toBe(error)
    expect(fn).toHaveBeenCalledTimes(1)
    expect(delays).toEqual([])
  })

  it('does not retry plain errors, whatever their message says', async () => {
    const { sleep } = recordingSleep()
    const fn = vi.fn(async () => {
      throw new Error('ECONNRESET temporarily unavailable, please retry')
    })
    await expect(retry(fn, { sleep })).rejects.toThrow('ECONNRESET')
    expect(fn).toHaveBeenCalledTimes(1)
  })

  it('retries other error objects that carry retryable: true', async () => {
    const { sleep } = recordingSleep()
    const fn = vi.fn(async (attempt: number) => {
      if (attempt === 1) throw Object.assign(new Error('HTTP 503'), { retryable: true })
      return 'ok'
    })
    await expect(retry(fn, { sleep })).resolves.toBe('ok')
    expect(fn).toHaveBeenCalledTimes(2)
  })

  it('rethrows the last error as it is when retries run out', async () => {
    const { sleep } = recordingSleep()
    const errors = [unavailable(), unavailable(), unavailable()]
    let i = 0
    const thrown = await retry(
      async () => {
        throw errors[i++]
      },
      { retries: 2, sleep },
    ).catch((e: unknown) => e)
    expect(thrown).toBe(errors[2])
  })

  it('honours details.retryAfterMs as a minimum delay, capped by maxDelayMs', async () => {
    const { delays, sleep } = recordingSleep()
    const afters = [2_500, 60_000, 10]
    await retry(
      async (attempt) => {
        const after = afters[attempt - 1]
        if (after !== undefined) throw unavailable({ retryAfterMs: after })
        return 'ok'
      },
      { retries: 3, minDelayMs: 100, maxDelayMs: 5_000, jitter: 'none', sleep },
    )
    expect(delays).toEqual([2_500, 5_000, 400])
  })

  it('lets shouldRetry override the default decision', async () => {
    const { sleep } = recordingSleep()
    const shouldRetry = vi.fn((error: unknown, attempt: number) => error instanceof TypeError && attempt < 2)
    const fn = vi.fn(async () => {
      throw new TypeError('flaky')
    })
    await expect(retry(fn, { sleep, shouldRetry })).rejects.toThrow('flaky')
    expect(fn).toHaveBeenCalledTimes(2)
    expect(shouldRetry.mock.calls.map(([, attempt]) => attempt)).toEqual([1, 2])

    const never = vi.fn(async () => {
      throw unavailable()
    })
    await expect(retry(never, { sleep, shouldRetry: () => false })).rejects.toMatchObject({ code: 'UNAVAILABLE' })
    expect(never).toHaveBeenCalledTimes(1)
  })

  it('calls onRetry with the error, the failed attempt and the delay', async () => {
    const { sleep } = recordingSleep()
    const onRetry = vi.fn()
    const error = unavailable()
    await retry(
      async (attempt) => {
        if (attempt === 1) throw error
        return 'ok'
      },
      { sleep, onRetry, jitter: 'none' },
    )
    expect(onRetry).toHaveBeenCalledExactlyOnceWith(error, 1, 100)
  })

  it('throws CANCELLED without calling fn when the signal is already aborted', async () => {
    const controller = new AbortController()
    const reason = new Error('shutting down')
    controller.abort(reason)
    const fn = vi.fn(async () => 'ok')
    const thrown = await retry(fn, { signal: controller.signal }).catch((e: unknown) => e)
    expect(isCapstanError(thrown, 'CANCELLED')).toBe(true)
    expect((thrown as CapstanError).cause).toBe(reason)
    expect(fn).not.toHaveBeenCalled()
  })

  it('throws CANCELLED with the abort reason when aborted during the wait, and does not call fn again', async () => {
    const controller = new AbortController()
    const reason = new Error('user pressed ctrl-c')
    const fn = vi.fn(async () => {
      throw unavailable()
    })
    const sleep = (_ms: number, signal: AbortSignal): Promise<void> =>
      new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true })
        controller.abort(reason)
      })
    const thrown = await retry(fn, { signal: controller.signal, sleep }).catch((e: unknown) => e)
    expect(isCapstanError(thrown, 'CANCELLED')).toBe(true)
    expect((thrown as CapstanError).cause).toBe(reason)
    expect(fn).toHaveBeenCalledTimes(1)
  })

  it('cancels a real wait (default sleep) when the signal aborts', async () => {
    vi.useFakeTimers()
    try {
      const controller = new AbortController()
      const fn = vi.fn(async () => {
        throw unavailable()
      })
      const pending = retry(fn, { signal: controller.signal, minDelayMs: 5_000, maxDelayMs: 5_000 }).catch((e: unknown) => e)
      await vi.advanceTimersByTimeAsync(1_000)
      controller.abort('stop')
      const thrown = await pending
      expect(thrown).toMatchObject({ code: 'CANCELLED', cause: 'stop' })
      expect(fn).toHaveBeenCalledTimes(1)
    } finally {
      vi.useRealTimers()
    }
  })

  it('reports an abort during a failing call as CANCELLED instead of retrying', async () => {
    const controller = new AbortController()
    const { delays, sleep } = recordingSleep()
    const fn = vi.fn(async () => {
      controller.abort('gone')
      throw unavailable()
    })
    await expect(retry(fn, { signal: controller.signal, sleep })).rejects.toMatchObject({ code: 'CANCELLED', cause: 'gone' })
    expect(fn).toHaveBeenCalledTimes(1)
    expect(delays).toEqual([])
  })

  it('rejects options out of range with CONFIG_ERROR naming the field', async () => {
    await expect(retry(async () => 1, { retries: -1 })).rejects.toMatchObject({ code: 'CONFIG_ERROR', details: { field: 'retries' } })
    await expect(retry(async () => 1, { minDelayMs: 500, maxDelayMs: 100 })).rejects.toMatchObject({
      code: 'CONFIG_ERROR',
      details: { field: 'minDelayMs' },
    })
  })

  it('never produces NaN delays, even for huge attempt counts or a zero minimum', async () => {
    const { delays, sleep } = recordingSleep()
    await expect(
      retry(
        async () => {
          throw unavailable()
        },
        { retries: 1_100, minDelayMs: 0, maxDelayMs: 50, sleep },
      ),
    ).rejects.toBeInstanceOf(CapstanError)
    expect(delays.every((d) => d === 0)).toBe(true)
    const big = recordingSleep()
    await expect(
      retry(
        async () => {
          throw unavailable()
        },
        { retries: 1_100, minDelayMs: 1, maxDelayMs: 50, jitter: 'none', sleep: big.sleep },
      ),
    ).rejects.toBeInstanceOf(CapstanError)
    expect(big.delays.at(-1)).toBe(50)
  })
})
