import { describe, expect, it } from 'vitest'
import { MemoryJournalStore, type CapabilityHandlers, type JournalEntry, type NodeEvent, type Policy } from 'capstan'
import { createTestCapstan, testPlugin } from 'capstan/testing'
import { rejection } from '@capstan/test-support/async'

type Execute = NonNullable<CapabilityHandlers['command.execute']>

/** Prints `out <node>` and the env value of SECRET, then exits 0 on web nodes, 2 elsewhere. */
const execute: Execute = async function* (batch) {
  for (const node of batch.nodes) {
    yield { type: 'node:output', node: node.id, stream: 'stdout', chunk: `out ${node.id} ${batch.env?.SECRET ?? ''}\n` } satisfies NodeEvent
    yield { type: 'node:finished', node: node.id, status: node.id.startsWith('web') ? 'success' : 'failure', exitCode: node.id.startsWith('web') ? 0 : 2 } satisfies NodeEvent
  }
}

/** web01 (alias web01.example.com, group web) and db01 (group db), and a plugin that runs commands. */
const plugins = () => [
  testPlugin({
    name: 'cmdb',
    capabilities: {
      'inventory.list': async () => ({ nodes: [{ id: 'web01', aliases: ['web01.example.com'], groups: ['web'] }, { id: 'db01', groups: ['db'] }] }),
    },
  }),
  testPlugin({ name: 'runner', integrationTypes: ['remote-execution'], capabilities: { 'command.execute': execute } }),
]

const policy: Policy = {
  roles: {
    admin: { allow: ['*'] },
    webops: { allow: [{ capability: 'journal.*', nodes: ['group:web'] }] },
  },
}
const admin = { id: 'ada', roles: ['admin'] }
const webops = { id: 'wes', roles: ['webops'] }

describe('journal.*, served from the journal store', () => {
  it('every execution writes one entry per node: status, exit code, duration, the end of the output, the execution and its actor', async () => {
    await using capstan = await createTestCapstan({ plugins: plugins() })
    const result = await capstan.command.run({ targets: 'all', command: 'uptime' }, { principal: admin })
    const page = await capstan.journal.list({ executionId: result.id })
    expect(page.entries.map((e) => [e.node, e.kind, e.source, e.actor, e.summary]).sort()).toEqual([
      ['db01', 'execution', 'runner', 'ada', 'command.execute: failure (exit 2)'],
      ['web01', 'execution', 'runner', 'ada', 'command.execute: success (exit 0)'],
    ])
    const web = page.entries.find((e) => e.node === 'web01') as JournalEntry
    expect(web).toMatchObject({ id: `${result.id}:web01`, executionId: result.id, body: { capability: 'command.execute', status: 'success', exitCode: 0, stdout: 'out web01 \n' } })
    expect(typeof web.body.durationMs).toBe('number')
    // The command is not kept: it may hold secrets.
    expect(JSON.stringify(page.entries)).not.toContain('uptime')
  })

  it('masks env values wherever the output echoes them, and keeps no env, command or parameter', async () => {
    const store = new MemoryJournalStore()
    await using capstan = await createTestCapstan({ plugins: plugins(), journal: store })
    const secret = 'hunter2-Secret-Value'
    await capstan.command.run({ targets: 'web01', command: 'echo "$SECRET" # curl -H token', env: { SECRET: secret, LANG: 'C' } })
    const stored = JSON.stringify((await store.query({ limit: 1_000 })).entries)
    expect(stored).toContain('out web01 [masked]')
    expect(stored).not.toContain(secret)
    expect(stored).not.toContain('curl -H token')
  })

  it('finds a node by any name the inventory links to it', async () => {
    await using capstan = await createTestCapstan({ plugins: plugins() })
    await capstan.journal.add({ node: 'web01', message: 'replaced disk' })
    const page = await capstan.journal.list({ node: 'web01.example.com' })
    expect(page.entries.map((e) => e.summary)).toEqual(['replaced disk'])
  })

  it('journal.add records the principal as actor, a retried id changes nothing, a correction names an entry that exists', async () => {
    await using capstan = await createTestCapstan({ plugins: plugins(), policy })
    const first = await capstan.journal.add({ node: 'web01', message: 'replaced disk', id: 'disk-1' }, { principal: admin })
    expect(first).toMatchObject({ appended: true, entry: { id: 'disk-1', node: 'web01', kind: 'note', actor: 'ada', summary: 'replaced disk', source: 'host' } })
    const retry = await capstan.journal.add({ node: 'web01', message: 'replaced disk (retry)', id: 'disk-1' }, { principal: admin })
    expect(retry).toEqual({ appended: false, entry: first.entry })
    const fix = await capstan.journal.add({ node: 'web01', message: 'replaced two disks', corrects: 'disk-1' }, { principal: admin })
    expect(fix.entry.corrects).toBe('disk-1')
    const missing = await rejection(capstan.journal.add({ node: 'web01', message: 'x', corrects: 'nope' }, { principal: admin }), 'NOT_FOUND')
    expect(missing.details).toMatchObject({ field: 'corrects' })
    expect((await capstan.journal.get({ id: 'disk-1' }, { principal: admin })).summary).toBe('replaced disk')
  })

  it('refuses a kind only the host writes, an unknown kind filter, an inverted time range and a cursor of another store, naming the field', async () => {
    await using capstan = await createTestCapstan({ plugins: plugins() })
    const forged = await rejection(capstan.journal.add({ node: 'web01', message: 'deployed', kind: 'deploy' }), 'VALIDATION_ERROR')
    expect(forged.message).toMatch(/kind/)
    const badKind = await rejection(capstan.journal.list({ kinds: ['Not A Kind'] }), 'VALIDATION_ERROR')
    expect(badKind.message).toMatch(/kinds/)
    const inverted = await rejection(capstan.journal.list({ since: '2026-02-01T00:00:00Z', until: '2026-01-01T00:00:00Z' }), 'VALIDATION_ERROR')
    expect(inverted.message).toMatch(/until/)
    const other = new MemoryJournalStore()
    await other.append([{ id: 'x', node: 'n', time: '2026-01-01T00:00:00Z', kind: 'note', source: 'host', summary: 'x', body: {} }])
    const { followCursor } = await other.query({ limit: 1 })
    const foreign = await rejection(capstan.journal.list({ cursor: followCursor }), 'VALIDATION_ERROR')
    expect(foreign.details).toMatchObject({ field: 'cursor' })
    expect(await capstan.journal.list({ kinds: ['my-kind'] })).toMatchObject({ entries: [] })
  })

  it('RBAC hides the entries of nodes out of the principal\'s reach, in list, get and stream alike', async () => {
    await using capstan = await createTestCapstan({ plugins: plugins(), policy })
    const db = await capstan.journal.add({ node: 'db01', message: 'db note' }, { principal: admin })
    await capstan.journal.add({ node: 'web01', message: 'web note' }, { principal: admin })
    const seen = await capstan.journal.list({}, { principal: webops })
    expect(seen.entries.map((e) => e.node)).toEqual(['web01'])
    // Asking for the other node by name, or its entry by id, is the same NOT_FOUND as for nothing.
    await rejection(capstan.journal.list({ node: 'db01' }, { principal: webops }), 'NOT_FOUND')
    await rejection(capstan.journal.get({ id: db.entry.id }, { principal: webops }), 'NOT_FOUND')
    await rejection(capstan.journal.get({ id: 'no-such-entry' }, { principal: webops }), 'NOT_FOUND')
    // Naming nodes narrows within the reach, never past it.
    expect((await capstan.journal.list({ nodes: ['db01', 'web01'] }, { principal: webops })).entries.map((e) => e.node)).toEqual(['web01'])
    // A stream from a page's followCursor shows only web01's entries appended after it.
    const { followCursor } = await capstan.journal.list({}, { principal: admin })
    await capstan.journal.add({ node: 'db01', message: 'db later' }, { principal: admin })
    await capstan.journal.add({ node: 'web01', message: 'web later' }, { principal: admin })
    const stop = new AbortController()
    const followed: string[] = []
    for await (const { entry } of capstan.journal.stream({ cursor: followCursor }, { principal: webops, signal: stop.signal })) {
      followed.push(entry.summary)
      stop.abort()
    }
    expect(followed).toEqual(['web later'])
  })

  it('a failing journal store never changes an execution\'s result: the failure is logged and emitted', async () => {
    const store = new MemoryJournalStore()
    store.append = async () => {
      throw new Error('disk full')
    }
    await using capstan = await createTestCapstan({ plugins: plugins(), journal: store })
    const errors: unknown[] = []
    capstan.on('journal:error', (event) => errors.push(event))
    const result = await capstan.command.run({ targets: 'web01', command: 'true' })
    expect(result.status).toBe('success')
    expect(errors).toEqual([expect.objectContaining({ executionId: result.id, error: { code: 'UNAVAILABLE', message: expect.stringContaining('disk full') } })])
  })
})
