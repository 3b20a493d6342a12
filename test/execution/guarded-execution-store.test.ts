import { RecordingLogger } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import type { ExecutionRecord } from '../../src/execution/execution-record.js'
import type { ExecutionStoreFailure } from '../../src/execution/execution-store-health.js'
import type { ExecutionStore } from '../../src/execution/execution-store.js'
import { GuardedExecutionStore } from '../../src/execution/guarded-execution-store.js'
import { never, rejection } from '@capstan/test-support/async'

const record = { id: 'e1', capability: 'command.execute', status: 'success', plugins: ['local'], startedAt: '2024-01-01T00:00:00.000Z', finishedAt: '2024-01-01T00:00:01.000Z', durationMs: 1000 } as unknown as ExecutionRecord

/** A guarded store over `store`'s methods (the missing ones answer nothing), with its failures collected. */
function guard(store: Partial<Record<keyof ExecutionStore, (...args: never[]) => unknown>>, timeoutMs = 1000) {
  const failures: ExecutionStoreFailure[] = []
  const logger = new RecordingLogger()
  const whole = { save: () => undefined, get: () => undefined, list: () => [], ...store } as unknown as ExecutionStore
  const guarded = new GuardedExecutionStore(whole, { logger, timeoutMs, onFailure: (failure) => failures.push(failure) })
  return { guarded, failures, logger }
}

describe('GuardedExecutionStore', () => {
  it('adopts a plain value and a thenable as the answer', async () => {
    const { guarded, failures } = guard({ get: () => record, list: () => ({ then: (resolve: (v: unknown) => void) => resolve([record]) }) })

    expect(await guarded.get('e1')).toBe(record)
    expect(await guarded.list()).toEqual([record])
    expect(failures).toEqual([])
  })

  it('get answers undefined for a store that answers null', async () => {
    const { guarded } = guard({ get: () => null })

    expect(await guarded.get('e1')).toBeUndefined()
  })

  it('get rejects with UNAVAILABLE naming the execution when the store throws', async () => {
    const broken = new Error('no route to database')
    const { guarded, failures, logger } = guard({
      get: () => {
        throw broken
      },
    })

    const error = await rejection(guarded.get('e1'), 'UNAVAILABLE')

    expect(error.details).toEqual({ operation: 'get', executionId: 'e1' })
    expect(error.cause).toBe(broken)
    expect(failures).toMatchObject([{ operation: 'get', executionId: 'e1', error: { code: 'UNAVAILABLE' } }])
    expect(logger.records.filter((r) => r.level === 'warn').map((r) => r.bindings)).toEqual([{ component: 'execution-store' }])
  })

  it('get rejects with a non-retryable UNAVAILABLE when the store answers something other than a record', async () => {
    const { guarded } = guard({ get: () => 'e1' })

    const error = await rejection(guarded.get('e1'), 'UNAVAILABLE')

    expect(error.retryable).toBe(false)
    expect(error.details).toEqual({ operation: 'get', executionId: 'e1', answer: 'string' })
  })

  it('save never rejects, whatever the store does, and counts each failure', async () => {
    const answers: Array<() => unknown> = [
      () => {
        throw new Error('sync')
      },
      () => Promise.reject(new Error('async')),
      () => never(),
      () => 42,
    ]
    let call = 0
    const { guarded, failures } = guard({ save: () => answers[call++]?.() }, 20)

    for (let i = 0; i < answers.length; i++) await expect(guarded.save(record)).resolves.toBeUndefined()

    expect(failures.map((f) => f.error.code)).toEqual(['UNAVAILABLE', 'UNAVAILABLE', 'TIMEOUT'])
    // The last save succeeded (a plain value is done): healthy again, the failures still counted.
    expect(guarded.health()).toMatchObject({ status: 'healthy', failures: 3, lastFailure: { operation: 'save', executionId: 'e1', error: { code: 'TIMEOUT' } } })
  })

  it('reports a store that throws a value with no string form (Object.create(null)) at once, as UNAVAILABLE', async () => {
    const bare: unknown = Object.create(null)
    const { guarded, failures } = guard({ save: () => Promise.reject(bare), list: () => { throw bare } }, 5000)
    await expect(guarded.save(record)).resolves.toBeUndefined()
    const error = await rejection(guarded.list({}), 'UNAVAILABLE')
    expect(error.message).toBe('The execution store could not list executions: [object Object]')
    expect(error.cause).toBe(bare)
    expect(failures.map((f) => f.error.code)).toEqual(['UNAVAILABLE', 'UNAVAILABLE'])
  })

  it('starts healthy with no failures', () => {
    expect(guard({}).guarded.health()).toEqual({ status: 'healthy', failures: 0 })
  })
})
