import { describe, expect, it } from 'vitest'
import { createCapstan, MemoryJournalStore, type CapabilityHandlers, type NodeEvent } from 'capstan'
import { createTestCapstan, testPlugin } from 'capstan/testing'
import { rejection } from '@capstan/test-support/async'
import { scratchDir } from '@capstan/test-support/scratch-dir'

type Execute = NonNullable<CapabilityHandlers['command.execute']>
type Install = NonNullable<CapabilityHandlers['package.install']>

const longOutput = `${'x'.repeat(5_000)}\nthe end\n`

/** web01 succeeds with a long output, db01 fails with exit 2 on stderr. */
const execute: Execute = async function* (batch) {
  for (const node of batch.nodes) {
    const ok = node.id === 'web01'
    yield { type: 'node:output', node: node.id, stream: ok ? 'stdout' : 'stderr', chunk: ok ? longOutput : 'no such file\n' } satisfies NodeEvent
    yield { type: 'node:finished', node: node.id, status: ok ? 'success' : 'failure', exitCode: ok ? 0 : 2 } satisfies NodeEvent
  }
}

/** Reports the versions before and after, as a package plugin would. */
const install: Install = async function* (batch) {
  for (const node of batch.nodes) {
    yield { type: 'node:finished', node: node.id, status: 'success', exitCode: 0, value: { nginx: { before: '1.22.0', after: '1.24.0' } } } satisfies NodeEvent
  }
}

const plugins = () => [
  testPlugin({ name: 'cmdb', capabilities: { 'inventory.list': async () => ({ nodes: [{ id: 'web01' }, { id: 'db01' }] }) } }),
  testPlugin({ name: 'runner', integrationTypes: ['remote-execution', 'packages'], capabilities: { 'command.execute': execute, 'package.install': install } }),
]

describe('execution history from the journal', () => {
  it('a new instance on the same journal store serves executions.record and list: status, nodes, principal, timings, the end of the output', async () => {
    const journal = new MemoryJournalStore()
    let id: string
    let finished: Awaited<ReturnType<Awaited<ReturnType<typeof createTestCapstan>>['command']['run']>>
    {
      await using before = await createTestCapstan({ plugins: plugins(), journal })
      finished = await before.command.run({ targets: 'all', command: 'cat /etc/motd' }, { principal: { id: 'ada', roles: [] } })
      id = finished.id
    }
    // "After a restart": another instance, nothing in memory but the store.
    await using after = await createTestCapstan({ plugins: plugins(), journal })
    const record = await after.executions.record(id)
    expect(record).toMatchObject({ id, capability: 'command.execute', status: 'partial', principal: 'ada', plugins: ['runner'], startedAt: finished.startedAt, finishedAt: finished.finishedAt, durationMs: finished.durationMs })
    const result = record!.result
    expect(result.nodes.map((n) => [n.node, n.status, n.exitCode])).toEqual([
      ['db01', 'failure', 2],
      ['web01', 'success', 0],
    ])
    const web = result.nodes.find((n) => n.node === 'web01')!
    expect(web.stdout.endsWith('the end\n')).toBe(true)
    expect(web.stdout.length).toBeLessThan(longOutput.length)
    expect(web.truncated).toBe(true)
    expect(result.nodes.find((n) => n.node === 'db01')!.stderr).toBe('no such file\n')
    const listed = await after.executions.list({})
    expect(listed.map((r) => r.id)).toEqual([id])
    expect(await after.executions.record('no-such-execution')).toBeUndefined()
  })

  it('lists newest first, filtered by status and capability; a package action is a package entry with its versions', async () => {
    const journal = new MemoryJournalStore()
    await using capstan = await createTestCapstan({ plugins: plugins(), journal })
    const first = await capstan.command.run({ targets: 'web01', command: 'true' })
    const second = await capstan.packages.install({ targets: 'all', packages: ['nginx'] }).result
    const third = await capstan.command.run({ targets: 'db01', command: 'false' })
    await using after = await createTestCapstan({ plugins: plugins(), journal })
    expect((await after.executions.list({})).map((r) => r.id)).toEqual([third.id, second.id, first.id])
    expect((await after.executions.list({ status: 'success' })).map((r) => r.id)).toEqual([second.id, first.id])
    expect((await after.executions.list({ capability: 'package.install' })).map((r) => r.id)).toEqual([second.id])
    expect((await after.executions.list({ limit: 1 })).map((r) => r.id)).toEqual([third.id])
    const { entries } = await after.journal.list({ executionId: second.id })
    const versions = { nginx: { before: '1.22.0', after: '1.24.0' } }
    expect(entries.map((e) => [e.node, e.kind, e.body.value, e.body.packages]).sort()).toEqual([
      ['db01', 'package', versions, ['nginx']],
      ['web01', 'package', versions, ['nginx']],
    ])
  })

  it('journal: { dir } opens the file store: one instance at a time, closed by close(), the history there after a restart', async () => {
    const dir = scratchDir('capstan-journal-dir-')
    const first = await createCapstan({ plugins: plugins(), journal: { dir } })
    const ran = await first.command.run({ targets: 'web01', command: 'true' })
    const locked = await rejection(createCapstan({ plugins: plugins(), journal: { dir } }), 'UNAVAILABLE')
    expect(locked.details).toMatchObject({ reason: 'journal-locked', field: 'dir', pid: process.pid })
    await first.close()
    await using again = await createCapstan({ plugins: plugins(), journal: { dir } })
    expect(await again.executions.record(ran.id)).toMatchObject({ id: ran.id, status: 'success', result: { nodes: [{ node: 'web01', status: 'success' }] } })
    expect((await again.journal.list({ node: 'web01' })).entries.map((e) => e.executionId)).toEqual([ran.id])
  })

  it('refuses journal options that are neither a store nor the file store\'s, naming the field', async () => {
    const error = await rejection(createCapstan({ journal: { directory: '/tmp/x' } as never }), 'CONFIG_ERROR')
    expect(JSON.stringify(error.details)).toContain('journal')
  })
})
