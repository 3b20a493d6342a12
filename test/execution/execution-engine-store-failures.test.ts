// A custom execution store that misbehaves never changes what an execution did:
// the command runs, `run.result` says how it ended, and the store's failure is
// logged, emitted as `store:error` and shown in `health().executionStore`.
import { localPlugin, MemoryExecutionStore, type ExecutionRecord, type ExecutionStore, type ExecutionStoreCallOptions, type ExecutionStoreFailure } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { deferred, never, rejection, resolved, within } from '@capstan/test-support/async'

type TestCapstan = Awaited<ReturnType<typeof createTestCapstan>>

const marker = 'ran-4c1e9b'

/** Runs a real command on localhost and returns its result. */
const runMarker = (capstan: TestCapstan) => within(resolved(capstan.command.run({ targets: 'localhost', command: `echo ${marker}` })), 5000, 'the execution')

/** A store whose get and list answer from memory, and whose save is `save`. */
function storeSaving(save: (record: ExecutionRecord, options?: ExecutionStoreCallOptions) => unknown): ExecutionStore {
  const memory = new MemoryExecutionStore()
  return { save: save as ExecutionStore['save'], get: (id) => memory.get(id), list: (query) => memory.list(query) }
}

/** The store's failures as `store:error` events. */
function storeErrors(capstan: TestCapstan): ExecutionStoreFailure[] {
  const seen: ExecutionStoreFailure[] = []
  capstan.on('store:error', (event) => seen.push(event))
  return seen
}

const failingSaves: Array<[string, () => ExecutionStore, string]> = [
  [
    'throws synchronously',
    () =>
      storeSaving(() => {
        throw new Error('disk full')
      }),
    'disk full',
  ],
  ['rejects', () => storeSaving(() => Promise.reject(new Error('connection reset'))), 'connection reset'],
  ['answers a thenable that rejects', () => storeSaving(() => ({ then: (_: unknown, reject: (e: Error) => void) => reject(new Error('write conflict')) })), 'write conflict'],
]

describe('an execution store whose save fails', () => {
  it.each(failingSaves)('(%s) leaves the result as the command ended, and reports the failure', async (_kind, makeStore, reason) => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin()], executionStore: makeStore() })
    const events = storeErrors(capstan)

    const result = await runMarker(capstan)

    expect(result.status).toBe('success')
    expect(result.nodes).toHaveLength(1)
    expect(result.nodes[0]).toMatchObject({ node: 'localhost', status: 'success', exitCode: 0 })
    expect(result.nodes[0]?.stdout).toContain(marker)
    expect(events).toEqual([{ operation: 'save', executionId: result.id, error: { code: 'UNAVAILABLE', message: expect.stringContaining(reason) as string }, at: expect.any(String) as string }])
    const health = await capstan.health()
    expect(health.executionStore).toEqual({ status: 'degraded', failures: 1, lastFailure: events[0] })
    expect(health.status).toBe('degraded')
    const warnings = capstan.logger.records.filter((r) => r.level === 'warn' && r.msg === 'execution store failed')
    expect(warnings.map((r) => r.obj)).toEqual([{ operation: 'save', executionId: result.id, error: { code: 'UNAVAILABLE', message: expect.stringContaining(reason) as string } }])
    // The record (the nodes' output) is not logged.
    expect(JSON.stringify(warnings)).not.toContain(marker)
  })

  it('that never settles holds run.result only until executionStoreTimeoutMs, then reports a TIMEOUT and aborts its signal', async () => {
    const signals: AbortSignal[] = []
    const store = storeSaving((_record, options) => {
      if (options !== undefined) signals.push(options.signal)
      return never()
    })
    await using capstan = await createTestCapstan({ plugins: [localPlugin()], executionStore: store, executionStoreTimeoutMs: 20 })
    const events = storeErrors(capstan)

    const result = await runMarker(capstan)

    expect(result).toMatchObject({ status: 'success', nodes: [{ node: 'localhost', status: 'success', exitCode: 0 }] })
    expect(events).toMatchObject([{ operation: 'save', executionId: result.id, error: { code: 'TIMEOUT' } }])
    expect(signals).toHaveLength(1)
    expect(signals[0]?.aborted).toBe(true)
    expect(signals[0]?.reason).toMatchObject({ code: 'TIMEOUT', details: { operation: 'save', executionId: result.id, timeoutMs: 20 } })
    expect((await capstan.health()).executionStore).toMatchObject({ status: 'degraded', failures: 1 })
    await within(capstan.close(), 5000, 'close with a hung store')
  })

  it('that rejects after its timeout is reported once, and nothing is left unhandled', async () => {
    const late = deferred()
    const store = storeSaving(() => late.promise)
    await using capstan = await createTestCapstan({ plugins: [localPlugin()], executionStore: store, executionStoreTimeoutMs: 20 })
    const events = storeErrors(capstan)

    const result = await runMarker(capstan)
    late.reject(new Error('too late'))
    await new Promise((resolve) => setImmediate(resolve))

    expect(result.status).toBe('success')
    expect(events.map((e) => e.error.code)).toEqual(['TIMEOUT'])
  })

  it('does not hold up the saves that follow; a save that succeeds makes the store healthy again', async () => {
    const memory = new MemoryExecutionStore()
    let calls = 0
    const store: ExecutionStore = {
      save: (record) => (++calls === 1 ? never() : memory.save(record)),
      get: (id) => memory.get(id),
      list: (query) => memory.list(query),
    }
    await using capstan = await createTestCapstan({ plugins: [localPlugin()], executionStore: store, executionStoreTimeoutMs: 20 })

    const lost = await runMarker(capstan)
    const kept = await runMarker(capstan)

    expect([lost.status, kept.status]).toEqual(['success', 'success'])
    expect((await capstan.executions.list()).map((r) => r.id)).toEqual([kept.id])
    expect((await capstan.health()).executionStore).toMatchObject({ status: 'healthy', failures: 1, lastFailure: { executionId: lost.id, error: { code: 'TIMEOUT' } } })
  })

  it('whose store:error listener throws still gives the result', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin()], executionStore: storeSaving(() => Promise.reject(new Error('disk full'))) })
    capstan.on('store:error', () => {
      throw new Error('listener bug')
    })

    const result = await runMarker(capstan)

    expect(result.status).toBe('success')
    expect(capstan.logger.records.some((r) => r.level === 'warn' && r.msg === 'a store:error listener threw')).toBe(true)
  })
})

describe('a synchronous execution store (save returns nothing)', () => {
  it('is treated as done: the record is saved and listed, and nothing is reported', async () => {
    const records = new Map<string, ExecutionRecord>()
    const store: ExecutionStore = {
      save: (record) => {
        records.set(record.id, record)
      },
      get: (id) => records.get(id),
      list: () => [...records.values()].reverse(),
    }
    await using capstan = await createTestCapstan({ plugins: [localPlugin()], executionStore: store })
    const events = storeErrors(capstan)

    const result = await runMarker(capstan)

    expect(result.status).toBe('success')
    expect(records.get(result.id)?.result).toEqual(result)
    expect((await capstan.executions.list()).map((r) => r.id)).toEqual([result.id])
    expect(events).toEqual([])
    expect(await capstan.health()).toMatchObject({ status: 'healthy', executionStore: { status: 'healthy', failures: 0 } })
  })
})

describe('capstan.executions with a failing store', () => {
  const failingList = (list: () => unknown): ExecutionStore => ({ save: async () => {}, get: async () => undefined, list: list as ExecutionStore['list'] })

  it('list rejects with UNAVAILABLE naming the operation, the store error as cause, and reports it', async () => {
    const broken = new Error('no route to database')
    await using capstan = await createTestCapstan({
      executionStore: failingList(() => {
        throw broken
      }),
    })
    const events = storeErrors(capstan)

    const error = await rejection(capstan.executions.list(), 'UNAVAILABLE')

    expect(error.details).toEqual({ operation: 'list' })
    expect(error.cause).toBe(broken)
    expect(error.message).toContain('no route to database')
    expect(events).toMatchObject([{ operation: 'list', error: { code: 'UNAVAILABLE' } }])
    expect(events[0]).not.toHaveProperty('executionId')
  })

  it('list rejects with a non-retryable UNAVAILABLE when the store answers something other than a list', async () => {
    await using capstan = await createTestCapstan({ executionStore: failingList(() => Promise.resolve({ rows: [] })) })

    const error = await rejection(capstan.executions.list(), 'UNAVAILABLE')

    expect(error.retryable).toBe(false)
    expect(error.message).toContain('not a list of records')
  })

  it('list rejects with TIMEOUT when the store does not answer in time', async () => {
    await using capstan = await createTestCapstan({ executionStore: failingList(() => never()), executionStoreTimeoutMs: 20 })

    const error = await rejection(capstan.executions.list(), 'TIMEOUT')

    expect(error.details).toEqual({ operation: 'list', timeoutMs: 20 })
  })

  it('get never asks the store: a recent execution is found even when the store cannot answer', async () => {
    let asked = 0
    const store: ExecutionStore = {
      save: async () => {},
      get: () => {
        asked++
        throw new Error('no route to database')
      },
      list: async () => [],
    }
    await using capstan = await createTestCapstan({ plugins: [localPlugin()], executionStore: store })

    const result = await runMarker(capstan)

    expect(capstan.executions.get(result.id)?.id).toBe(result.id)
    expect(asked).toBe(0)
  })
})
