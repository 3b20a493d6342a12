import { localPlugin, MemoryExecutionStore, type ExecutionRecord, type ExecutionStore } from 'capstan'
import { createTestCapstan, testPlugin } from 'capstan/testing'
import { describe, expect, it } from 'vitest'
import { deferred, resolved, within } from '@capstan/test-support/async'
import { inventoryOf } from '../support/executions.js'

const run = (capstan: Awaited<ReturnType<typeof createTestCapstan>>, command: string) =>
  within(resolved(capstan.command.run({ targets: 'localhost', command })), 5000, 'the execution')

describe('the execution history (capstan.executions.list)', () => {
  it('lists finished executions newest first, filtered by status, with their results', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin()] })
    const first = await run(capstan, 'true')
    const failed = await run(capstan, 'exit 1')
    const second = await run(capstan, 'echo ok')

    const succeeded = (await capstan.executions.list({ status: 'success' })) as ExecutionRecord[]
    expect(succeeded.map((r) => r.id)).toEqual([second.id, first.id])
    expect(succeeded[0]).toMatchObject({ capability: 'command.execute', status: 'success', plugins: ['local'], startedAt: second.startedAt, finishedAt: second.finishedAt, durationMs: second.durationMs })
    expect(succeeded[0]?.result).toEqual(second)
    expect((await capstan.executions.list({ status: 'failure' })).map((r) => r.id)).toEqual([failed.id])
    expect((await capstan.executions.list()).map((r) => r.id)).toEqual([second.id, failed.id, first.id])
    expect((await capstan.executions.list({ limit: 1 })).map((r) => r.id)).toEqual([second.id])
    expect(await capstan.executions.list({ capability: 'task.execute' })).toEqual([])
  })

  it('filters by start time with since', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin()] })
    const before = new Date(Date.now() - 1000)
    const done = await run(capstan, 'true')
    expect((await capstan.executions.list({ since: before })).map((r) => r.id)).toEqual([done.id])
    expect((await capstan.executions.list({ since: done.startedAt })).map((r) => r.id)).toEqual([done.id])
    expect(await capstan.executions.list({ since: new Date(Date.now() + 60_000).toISOString() })).toEqual([])
  })

  it('shows a running execution first, as running', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin({ killGraceMs: 500 })] })
    const done = await run(capstan, 'true')
    const running = capstan.command.execute({ targets: 'localhost', command: 'sleep 30' })
    await within(running.ready, 5000, 'the start')
    const listed = await capstan.executions.list()
    // Its status as listed then: it may have moved from queued to running since.
    expect(listed.map((r) => r.id)).toEqual([running.id, done.id])
    expect(listed[1]?.status).toBe('success')
    expect(['queued', 'running']).toContain(listed[0]?.status)
    running.cancel()
    await within(running.result, 5000, 'the cancel')
  })
})

describe('a custom execution store (createCapstan({ executionStore }))', () => {
  it('gets every finished execution and answers executions.list', async () => {
    const saved: string[] = []
    const memory = new MemoryExecutionStore()
    const store: ExecutionStore = {
      save: async (record) => {
        saved.push(record.id)
        await memory.save(record)
      },
      get: (id) => memory.get(id),
      list: (query) => memory.list(query),
    }
    await using capstan = await createTestCapstan({ plugins: [localPlugin()], executionStore: store })
    const done = await run(capstan, 'true')
    expect(saved).toEqual([done.id])
    expect((await capstan.executions.list()).map((r) => r.id)).toEqual([done.id])
  })

  it('lists an execution whose save is still pending once, as its saved record', async () => {
    const memory = new MemoryExecutionStore()
    const saved = deferred()
    const gate = deferred()
    const store: ExecutionStore = {
      save: async (record) => {
        await memory.save(record)
        saved.resolve()
        await gate.promise
      },
      get: (id) => memory.get(id),
      list: (query) => memory.list(query),
    }
    await using capstan = await createTestCapstan({ plugins: [localPlugin()], executionStore: store })
    const running = capstan.command.execute({ targets: 'localhost', command: 'true' })
    await within(saved.promise, 5000, 'the save')

    try {
      const listed = await capstan.executions.list()

      expect(listed.map((r) => r.id)).toEqual([running.id])
      expect(listed[0]).toHaveProperty('result')
    } finally {
      gate.resolve()
    }
    expect((await within(running.result, 5000, 'the execution')).status).toBe('success')
  })

  it('that fails to save does not fail the execution; the failure is logged', async () => {
    const store: ExecutionStore = {
      save: async () => {
        throw new Error('disk full')
      },
      get: async () => undefined,
      list: async () => [],
    }
    await using capstan = await createTestCapstan({ plugins: [localPlugin()], executionStore: store })
    const done = await run(capstan, 'true')
    expect(done.status).toBe('success')
    expect(capstan.logger.records.some((r) => r.level === 'warn' && (r.obj as { executionId?: string }).executionId === done.id)).toBe(true)
  })
})

describe('execution metrics (capstan.metrics().executions)', () => {
  it('count executions per capability and plugin with the share of nodes that succeeded', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin()] })
    await run(capstan, 'true')
    await run(capstan, 'true')
    await run(capstan, 'exit 4')
    const stats = capstan.metrics().executions['command.execute|local']
    expect(stats).toMatchObject({ count: 3, nodes: 3, succeeded: 2 })
    expect(stats?.successRatio).toBeCloseTo(2 / 3)
    expect(stats?.p50).toBeGreaterThanOrEqual(0)
    // Each execution is also an invocation of its capability; a failed node is not an invocation error.
    expect(capstan.metrics().capabilities['command.execute']).toMatchObject({ count: 3, errors: 0 })
  })
})

describe('execution logs (the host logger)', () => {
  it('get one `execution finished` record and one `node finished` per node, tagged with the execution id', async () => {
    const runner = testPlugin({
      name: 'runner',
      integrationTypes: ['remote-execution'],
      capabilities: {
        'command.execute': async function* (batch) {
          for (const node of batch.nodes) yield { type: 'node:finished', node: node.id, status: node.id === 'n3' ? 'failure' : 'success', exitCode: node.id === 'n3' ? 1 : 0 }
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [inventoryOf('cmdb', [{ id: 'n1' }, { id: 'n2' }, { id: 'n3' }]), runner] })
    const result = await within(resolved(capstan.command.run({ targets: 'all', command: 'x' }, { principal: { id: 'carol', roles: [] } })), 5000, 'the execution')
    const mine = capstan.logger.records.filter((r) => (r.obj as { executionId?: string }).executionId === result.id)
    const finished = mine.filter((r) => r.msg === 'execution finished')
    expect(finished).toHaveLength(1)
    expect(finished[0]?.obj).toMatchObject({ capability: 'command.execute', status: 'partial', plugins: ['runner'], principal: 'carol', nodes: { success: 2, failure: 1 } })
    const nodes = mine.filter((r) => r.msg === 'node finished')
    expect(nodes.map((r) => (r.obj as { node: string }).node).sort()).toEqual(['n1', 'n2', 'n3'])
    expect(nodes.find((r) => (r.obj as { node: string }).node === 'n3')?.obj).toMatchObject({ status: 'failure', exitCode: 1 })
  })

  it('never hold the command text or environment values', async () => {
    await using capstan = await createTestCapstan({ plugins: [localPlugin()] })
    const secret = 'hunter2-5f8a1c'
    const marker = 'the-command-text-7d3e'
    const withEnv = await within(resolved(capstan.command.run({ targets: 'localhost', command: `: ${marker}; test "$DB_PASSWORD" = '${secret}'`, env: { DB_PASSWORD: secret } })), 5000, 'the execution')
    // The variable did reach the command…
    expect(withEnv.nodes[0]?.status).toBe('success')
    // …and the logs saw the execution, but neither the command nor the value.
    expect(capstan.logger.records.some((r) => r.msg === 'execution finished' && (r.obj as { executionId?: string }).executionId === withEnv.id)).toBe(true)
    const logged = capstan.logger.text()
    expect(logged).not.toContain(secret)
    expect(logged).not.toContain(marker)
    expect(logged).not.toContain('DB_PASSWORD')
  })
})
