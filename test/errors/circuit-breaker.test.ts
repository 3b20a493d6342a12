import { describe, expect, it, vi } from 'vitest'
import { CapstanError, isCapstanError } from 'capstan'
import { CircuitBreaker, type CircuitBreakerOptions, type CircuitStateChange } from 'capstan/plugin-kit'

/** A breaker on a clock the test moves by hand. */
function breakerAt(options: CircuitBreakerOptions = {}) {
  const clock = { now: 1_000_000 }
  const breaker = new CircuitBreaker({ name: 'puppetdb', now: () => clock.now, ...options })
  return { breaker, clock }
}

const fail = (error: unknown = new CapstanError('UNAVAILABLE')) => async (): Promise<never> => {
  throw error
}
const succeed = async (): Promise<string> => 'ok'

async function failTimes(breaker: CircuitBreaker, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await breaker.execute(fail()).catch(() => undefined)
}

describe('CircuitBreaker', () => {
  it('passes results and errors through unchanged while closed', async () => {
    const { breaker } = breakerAt()
    await expect(breaker.execute(succeed)).resolves.toBe('ok')
    const error = new CapstanError('TIMEOUT')
    await expect(breaker.execute(fail(error))).rejects.toBe(error)
    expect(breaker.state).toBe('closed')
  })

  it('opens after failureThreshold failures within the window', async () => {
    const { breaker } = breakerAt({ failureThreshold: 3 })
    await failTimes(breaker, 2)
    expect(breaker.state).toBe('closed')
    await failTimes(breaker, 1)
    expect(breaker.state).toBe('open')
  })

  it('does not count failures that fell out of the rolling window', async () => {
    const { breaker, clock } = breakerAt({ failureThreshold: 3, windowMs: 10_000 })
    await failTimes(breaker, 2)
    clock.now += 10_001
    await failTimes(breaker, 2)
    expect(breaker.state).toBe('closed')
    expect(breaker.stats().failuresInWindow).toBe(2)
    await failTimes(breaker, 1)
    expect(breaker.state).toBe('open')
  })

  it('does not count non-retryable CapstanErrors as failures, but counts plain errors', async () => {
    const { breaker } = breakerAt({ failureThreshold: 2 })
    for (const code of ['VALIDATION_ERROR', 'NOT_FOUND', 'CANCELLED'] as const) {
      await breaker.execute(fail(new CapstanError(code))).catch(() => undefined)
    }
    expect(breaker.state).toBe('closed')
    await breaker.execute(fail(new Error('socket hang up'))).catch(() => undefined)
    await breaker.execute(fail(new CapstanError('TIMEOUT'))).catch(() => undefined)
    expect(breaker.state).toBe('open')
  })

  it('uses isFailure when given', async () => {
    const { breaker } = breakerAt({ failureThreshold: 1, isFailure: (e) => isCapstanError(e, 'NOT_FOUND') })
    await breaker.execute(fail(new CapstanError('TIMEOUT'))).catch(() => undefined)
    expect(breaker.state).toBe('closed')
    await breaker.execute(fail(new CapstanError('NOT_FOUND'))).catch(() => undefined)
    expect(breaker.state).toBe('open')
  })

  it('when open, rejects fast with UNAVAILABLE naming the breaker and retryAfterMs, without calling fn', async () => {
    const { breaker, clock } = breakerAt({ failureThreshold: 1, resetTimeoutMs: 30_000 })
    await failTimes(breaker, 1)
    clock.now += 10_000
    const fn = vi.fn(succeed)
    const error = await breaker.execute(fn).catch((e: unknown) => e)
    expect(fn).not.toHaveBeenCalled()
    expect(isCapstanError(error, 'UNAVAILABLE')).toBe(true)
    expect((error as CapstanError).retryable).toBe(true)
    expect((error as CapstanError).details).toEqual({ breaker: 'puppetdb', state: 'open', retryAfterMs: 20_000 })
    expect(breaker.stats()).toMatchObject({ state: 'open', rejections: 1, retryAfterMs: 20_000 })
  })

  it('goes half-open after resetTimeoutMs; a trial success closes it', async () => {
    const { breaker, clock } = breakerAt({ failureThreshold: 1, resetTimeoutMs: 30_000 })
    await failTimes(breaker, 1)
    clock.now += 30_000
    expect(breaker.state).toBe('half-open')
    await expect(breaker.execute(succeed)).resolves.toBe('ok')
    expect(breaker.state).toBe('closed')
    expect(breaker.stats().failuresInWindow).toBe(0)
  })

  it('a trial failure re-opens it for another resetTimeoutMs', async () => {
    const { breaker, clock } = breakerAt({ failureThreshold: 1, resetTimeoutMs: 30_000 })
    await failTimes(breaker, 1)
    clock.now += 30_000
    await failTimes(breaker, 1)
    expect(breaker.state).toBe('open')
    expect(breaker.stats().retryAfterMs).toBe(30_000)
  })

  it('a trial that fails with a non-failure error (the backend answered) closes it', async () => {
    const { breaker, clock } = breakerAt({ failureThreshold: 1, resetTimeoutMs: 1_000 })
    await failTimes(breaker, 1)
    clock.now += 1_000
    await breaker.execute(fail(new CapstanError('NOT_FOUND'))).catch(() => undefined)
    expect(breaker.state).toBe('closed')
  })

  it('lets only halfOpenMaxCalls trial calls through at once', async () => {
    const { breaker, clock } = breakerAt({ failureThreshold: 1, resetTimeoutMs: 1_000, halfOpenMaxCalls: 2 })
    await failTimes(breaker, 1)
    clock.now += 1_000
    const gates: Array<() => void> = []
    const slow = () => new Promise<string>((resolve) => gates.push(() => resolve('slow')))
    const first = breaker.execute(slow)
    const second = breaker.execute(slow)
    const third = await breaker.execute(succeed).catch((e: unknown) => e)
    expect(third).toMatchObject({ code: 'UNAVAILABLE', details: { breaker: 'puppetdb', state: 'half-open' } })
    expect(gates).toHaveLength(2)
    gates.forEach((open) => open())
    await expect(Promise.all([first, second])).resolves.toEqual(['slow', 'slow'])
    expect(breaker.state).toBe('closed')
  })

  it('ignores late results of calls that started before the breaker opened', async () => {
    const { breaker, clock } = breakerAt({ failureThreshold: 1, resetTimeoutMs: 1_000 })
    let finishLate: (() => void) | undefined
    const late = breaker.execute(() => new Promise<string>((resolve) => (finishLate = () => resolve('late'))))
    await failTimes(breaker, 1)
    expect(breaker.state).toBe('open')
    finishLate?.()
    await late
    expect(breaker.state).toBe('open')
    clock.now += 1_000
    expect(breaker.state).toBe('half-open')
  })

  it('tells listeners about every change and stops after unsubscribe', async () => {
    const { breaker, clock } = breakerAt({ failureThreshold: 1, resetTimeoutMs: 1_000 })
    const changes: CircuitStateChange[] = []
    const unsubscribe = breaker.onStateChange((change) => changes.push(change))
    await failTimes(breaker, 1)
    clock.now += 1_000
    await breaker.execute(succeed)
    expect(changes.map(({ from, to }) => `${from}->${to}`)).toEqual(['closed->open', 'open->half-open', 'half-open->closed'])
    expect(changes[0]).toMatchObject({ name: 'puppetdb', at: 1_000_000 })
    unsubscribe()
    await failTimes(breaker, 1)
    expect(changes).toHaveLength(3)
  })

  it('a throwing listener does not change the outcome of the call', async () => {
    const { breaker } = breakerAt({ failureThreshold: 1 })
    const thrown: unknown[] = []
    const onUncaught = (error: unknown) => thrown.push(error)
    process.prependListener('uncaughtException', onUncaught)
    try {
      breaker.onStateChange(() => {
        throw new Error('listener bug')
      })
      const seen = vi.fn()
      breaker.onStateChange(seen)
      const original = new CapstanError('TIMEOUT')
      await expect(breaker.execute(fail(original))).rejects.toBe(original)
      expect(breaker.state).toBe('open')
      expect(seen).toHaveBeenCalledOnce()
      await new Promise((resolve) => setTimeout(resolve, 0))
      expect(thrown).toEqual([expect.objectContaining({ message: 'listener bug' })])
    } finally {
      process.removeListener('uncaughtException', onUncaught)
    }
  })

  it('reset() closes an open breaker and forgets its failures', async () => {
    const { breaker } = breakerAt({ failureThreshold: 2 })
    await failTimes(breaker, 2)
    expect(breaker.state).toBe('open')
    breaker.reset()
    expect(breaker.state).toBe('closed')
    await failTimes(breaker, 1)
    expect(breaker.state).toBe('closed')
  })

  it('counts calls, successes, failures and rejections', async () => {
    const { breaker } = breakerAt({ failureThreshold: 2 })
    await breaker.execute(succeed)
    await failTimes(breaker, 2)
    await breaker.execute(succeed).catch(() => undefined)
    expect(breaker.stats()).toMatchObject({ name: 'puppetdb', calls: 3, successes: 1, failures: 2, rejections: 1, openedAt: 1_000_000 })
  })

  it('remembers the kind of the last counted failure while it is in the window, and forgets it on reset or close', async () => {
    const { breaker, clock } = breakerAt({ failureThreshold: 10, windowMs: 10_000 })
    expect(breaker.recentFailure()).toBeUndefined()
    await breaker.execute(fail(new CapstanError('TIMEOUT'))).catch(() => undefined)
    expect(breaker.recentFailure()).toEqual({ signature: 'TIMEOUT', at: 1_000_000 })
    // An answer that blames the caller is not a failure of the backend, so it is not remembered.
    await breaker.execute(fail(new CapstanError('VALIDATION_ERROR'))).catch(() => undefined)
    expect(breaker.recentFailure()?.signature).toBe('TIMEOUT')
    clock.now += 1_000
    await breaker.execute(fail(new CapstanError('UNAVAILABLE', { details: { status: 503 } }))).catch(() => undefined)
    expect(breaker.stats().lastFailure).toEqual({ signature: 'UNAVAILABLE:503', at: 1_001_000 })
    clock.now += 10_000
    expect(breaker.recentFailure()).toBeUndefined()
    await breaker.execute(fail(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).catch(() => undefined)
    expect(breaker.recentFailure()?.signature).toBe('ECONNREFUSED')
    breaker.reset()
    expect(breaker.recentFailure()).toBeUndefined()
    const { breaker: trial, clock: trialClock } = breakerAt({ failureThreshold: 1, resetTimeoutMs: 100 })
    await trial.execute(fail()).catch(() => undefined)
    trialClock.now += 100
    await trial.execute(succeed)
    expect([trial.state, trial.recentFailure()]).toEqual(['closed', undefined])
  })

  it('rejects bad options with CONFIG_ERROR naming the field', () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0 })).toThrow(expect.objectContaining({ code: 'CONFIG_ERROR', details: expect.objectContaining({ field: 'failureThreshold' }) }))
  })
})
