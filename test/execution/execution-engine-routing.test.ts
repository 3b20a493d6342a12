import type { Node } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rejection, resolved, within } from '@capstan/test-support/async'
import { executionPlugin } from '../support/execution-plugin.js'
import { byNode, eventsOf, inventoryOf } from '../support/executions.js'
import { fakePlugin, nameIn, type FakePlugin } from '../support/fake-plugin.js'

/**
 * - `cmdb`: inventory only, FQDNs (web02, db01 and win01 are known only here);
 * - `bolt`: inventory (web01 by its short name) and command.execute on ssh or local;
 * - `sshexec`: command.execute on ssh only, higher priority than bolt;
 * no one runs winrm.
 */
function fleet() {
  const cmdb = fakePlugin('cmdb', {
    nodes: [
      { id: 'web01.example.com', groups: ['web'] },
      { id: 'web02.example.com', groups: ['web'] },
      { id: 'db01.example.com', groups: ['db'] },
      { id: 'win01.example.com', transport: 'winrm' },
    ],
  })
  const bolt = fakePlugin('bolt', { integrationTypes: ['inventory', 'remote-execution'], transports: ['ssh', 'local'], nodes: [{ id: 'web01', transport: 'ssh' }], runs: true })
  const sshexec = fakePlugin('sshexec', { integrationTypes: ['remote-execution'], transports: ['ssh'], runs: true })
  return { cmdb, bolt, sshexec, plugins: [cmdb.plugin, bolt.plugin, { plugin: sshexec.plugin, priority: 10 }] }
}

/** The nodes a plugin was asked to run, over all its calls. */
const nodesRunBy = (plugin: FakePlugin) => plugin.log.of('command.execute').flatMap((c) => (c.input.nodes as Node[]).map((n) => n.id)).sort()

describe('routing an execution to plugins', () => {
  let setup: ReturnType<typeof fleet>
  let capstan: Awaited<ReturnType<typeof createTestCapstan>>

  beforeAll(async () => {
    setup = fleet()
    capstan = await createTestCapstan({ plugins: setup.plugins })
  })
  afterAll(() => capstan.close())

  const reset = () => {
    setup.bolt.log.calls.length = 0
    setup.sshexec.log.calls.length = 0
  }

  it('sends a node to a source of it that runs its transport, the others to the highest-priority plugin for their transport', async () => {
    reset()
    const result = await within(resolved(capstan.command.run({ targets: 'web*', command: 'uptime', env: { A: '1' } })), 5000, 'the result')
    expect(nodesRunBy(setup.bolt)).toEqual(['web01.example.com'])
    expect(nodesRunBy(setup.sshexec)).toEqual(['web02.example.com'])
    // The batch is the input minus targets, with the resolved nodes (each plugin finds its own name in sourceData).
    const batch = setup.bolt.log.lastInput('command.execute')
    expect(batch).toMatchObject({ command: 'uptime', env: { A: '1' } })
    expect(batch).not.toHaveProperty('targets')
    expect(nameIn('bolt', (batch?.nodes as Node[])[0] as Node)).toBe('web01')
    expect(setup.bolt.log.of('command.execute')[0]?.ctx.signal).toBeInstanceOf(AbortSignal)
    expect(result.status).toBe('success')
    expect(result.plugins).toEqual(['bolt', 'sshexec'])
    expect(result.nodes.map((n) => [n.node, n.stdout])).toEqual([
      ['web01.example.com', 'bolt:web01'],
      ['web02.example.com', 'sshexec:web02.example.com'],
    ])
  })

  it('routes a node by its transport when none of its sources can run it', async () => {
    reset()
    const result = await within(resolved(capstan.command.run({ targets: ['db01.example.com'], command: 'uptime' })), 5000, 'the result')
    expect(nodesRunBy(setup.sshexec)).toEqual(['db01.example.com'])
    expect(setup.bolt.log.count('command.execute')).toBe(0)
    expect(result.plugins).toEqual(['sshexec'])
  })

  it('sends every node to the plugin the caller names', async () => {
    reset()
    const result = await within(resolved(capstan.command.run({ targets: 'web*', command: 'uptime' }, { plugin: 'bolt' })), 5000, 'the result')
    expect(nodesRunBy(setup.bolt)).toEqual(['web01.example.com', 'web02.example.com'])
    expect(setup.sshexec.log.count()).toBe(0)
    expect(result.plugins).toEqual(['bolt'])
  })

  it('accepts a filter as targets', async () => {
    reset()
    await within(resolved(capstan.command.run({ targets: { groups: ['db'] }, command: 'uptime' })), 5000, 'the result')
    expect(nodesRunBy(setup.sshexec)).toEqual(['db01.example.com'])
  })

  it('ends a node no plugin can run `error` NO_PROVIDER, beside the others, and the execution `partial`', async () => {
    reset()
    const run = capstan.command.execute({ targets: ['web02.example.com', 'win01.example.com'], command: 'uptime' })
    const events = await within(eventsOf(run), 5000, 'the events')
    const result = await resolved(run.result)
    expect(result.status).toBe('partial')
    const win = byNode(result.nodes)['win01.example.com']
    expect(win).toMatchObject({ status: 'error', exitCode: null, error: { code: 'NO_PROVIDER' } })
    expect(win?.error?.message).toContain('win01.example.com')
    expect(byNode(result.nodes)['web02.example.com']?.status).toBe('success')
    // Never a silent gap: the node has its node:finished event too.
    expect(events.filter((e) => e.type === 'node:finished').map((e) => e.type === 'node:finished' && e.node).sort()).toEqual(['web02.example.com', 'win01.example.com'])
    expect(setup.bolt.log.count()).toBe(0)
  })

  it('is `failure`, not a rejection, when no targeted node can be run', async () => {
    reset()
    const result = await within(resolved(capstan.command.run({ targets: 'win01.example.com', command: 'uptime' })), 5000, 'the result')
    expect(result.status).toBe('failure')
    expect(result.plugins).toEqual([])
    expect(result.nodes.map((n) => [n.node, n.status, n.error?.code])).toEqual([['win01.example.com', 'error', 'NO_PROVIDER']])
  })

  it('rejects targets that match nothing with NOT_FOUND on the targets field, before any plugin runs', async () => {
    reset()
    const run = capstan.command.execute({ targets: ['web01', 'ghost01', 'ghost*'], command: 'uptime' })
    const error = await rejection(within(run.result, 5000, 'the result'), 'NOT_FOUND')
    expect(error.details).toMatchObject({ field: 'targets', unmatched: ['ghost01', 'ghost*'] })
    await rejection(run.ready, 'NOT_FOUND')
    expect(setup.bolt.log.count('command.execute') + setup.sshexec.log.count('command.execute')).toBe(0)
  })

  it('rejects an explicit plugin that does not provide the capability, naming it', async () => {
    reset()
    const run = capstan.command.execute({ targets: 'web*', command: 'uptime' }, { plugin: 'cmdb' })
    await rejection(within(run.result, 5000, 'the result'), 'NO_PROVIDER')
    expect(setup.bolt.log.count() + setup.sshexec.log.count()).toBe(0)
  })
})

describe('an execution plugin that misbehaves', () => {
  const cmdb = () => inventoryOf('cmdb', [{ id: 'a1', transport: 'ssh' }, { id: 'a2', transport: 'ssh' }, { id: 'a3', transport: 'ssh' }, { id: 'b1', transport: 'local' }])
  const good = () => fakePlugin('good', { integrationTypes: ['remote-execution'], transports: ['local'], runs: true }).plugin

  it('and throws mid-way ends its unfinished nodes `error` with the message; its finished node and other plugins are unaffected', async () => {
    const broken = executionPlugin({
      name: 'broken',
      transports: ['ssh'],
      batchSize: 3,
      capabilities: {
        'command.execute': async function* (batch) {
          const [first, second] = batch.nodes
          if (first === undefined || second === undefined) throw new Error('expected a batch of three')
          yield { type: 'node:started', node: first.id }
          yield { type: 'node:finished', node: first.id, status: 'success', exitCode: 0 }
          yield { type: 'node:started', node: second.id }
          yield { type: 'node:output', node: second.id, stream: 'stdout', chunk: 'partial output\n' }
          throw new Error('ssh agent refused')
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [cmdb(), broken, good()] })
    const result = await within(resolved(capstan.command.run({ targets: 'all', command: 'uptime' })), 5000, 'the result')
    const nodes = byNode(result.nodes)
    expect(nodes.a1?.status).toBe('success')
    for (const id of ['a2', 'a3']) {
      expect(nodes[id]?.status).toBe('error')
      expect(nodes[id]?.exitCode).toBeNull()
      expect(nodes[id]?.error?.code).toBe('PLUGIN_ERROR')
      expect(nodes[id]?.error?.message).toContain('ssh agent refused')
    }
    expect(nodes.a2?.stdout).toBe('partial output\n')
    expect(nodes.b1).toMatchObject({ status: 'success', stdout: 'good:b1' })
    expect(result.status).toBe('partial')
  })

  it('and throws before yielding ends every node of its batch `error`', async () => {
    const broken = executionPlugin({
      name: 'broken',
      transports: ['ssh'],
      capabilities: {
        // eslint-disable-next-line require-yield
        'command.execute': async function* () {
          throw new Error('cannot connect')
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [cmdb(), broken, good()] })
    const result = await within(resolved(capstan.command.run({ targets: 'all', command: 'uptime' })), 5000, 'the result')
    expect(result.nodes.map((n) => [n.node, n.status, n.error?.code])).toEqual([
      ['a1', 'error', 'PLUGIN_ERROR'],
      ['a2', 'error', 'PLUGIN_ERROR'],
      ['a3', 'error', 'PLUGIN_ERROR'],
      ['b1', 'success', undefined],
    ])
  })

  it('and ends without reporting a node gets that node `error` PLUGIN_ERROR, never a silent gap', async () => {
    const forgetful = executionPlugin({
      name: 'forgetful',
      transports: ['ssh'],
      batchSize: 3,
      capabilities: {
        'command.execute': async function* (batch) {
          const [first] = batch.nodes
          if (first !== undefined) yield { type: 'node:finished', node: first.id, status: 'success', exitCode: 0 }
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [cmdb(), forgetful] })
    const run = capstan.command.execute({ targets: ['a1', 'a2', 'a3'], command: 'uptime' })
    const events = await within(eventsOf(run), 5000, 'the events')
    const result = await resolved(run.result)
    expect(result.nodes.map((n) => [n.node, n.status, n.error?.code])).toEqual([
      ['a1', 'success', undefined],
      ['a2', 'error', 'PLUGIN_ERROR'],
      ['a3', 'error', 'PLUGIN_ERROR'],
    ])
    expect(byNode(result.nodes).a2?.error?.message).toContain('forgetful')
    expect(events.filter((e) => e.type === 'node:finished')).toHaveLength(3)
    expect(result.status).toBe('partial')
  })

  it('and reports a node twice or one outside its batch changes nothing', async () => {
    const noisy = executionPlugin({
      name: 'noisy',
      transports: ['ssh'],
      capabilities: {
        'command.execute': async function* (batch) {
          for (const node of batch.nodes) {
            yield { type: 'node:finished', node: node.id, status: 'success', exitCode: 0 }
            yield { type: 'node:finished', node: node.id, status: 'failure', exitCode: 9 }
            yield { type: 'node:output', node: 'intruder', stream: 'stdout', chunk: 'x' }
          }
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [cmdb(), noisy] })
    const run = capstan.command.execute({ targets: ['a1', 'a2'], command: 'uptime' })
    const events = await within(eventsOf(run), 5000, 'the events')
    const result = await resolved(run.result)
    expect(result.nodes.map((n) => [n.node, n.status, n.exitCode])).toEqual([
      ['a1', 'success', 0],
      ['a2', 'success', 0],
    ])
    expect(events.some((e) => 'node' in e && e.node === 'intruder')).toBe(false)
    expect(events.filter((e) => e.type === 'node:finished')).toHaveLength(2)
  })

  it('and yields an event that is not a node event gets its node `error` PLUGIN_ERROR (validateOutput)', async () => {
    const sloppy = executionPlugin({
      name: 'sloppy',
      transports: ['ssh'],
      capabilities: {
        'command.execute': async function* (batch) {
          for (const node of batch.nodes) yield { type: 'node:finished', node: node.id, status: 'done' } as never
        },
      },
    })
    await using capstan = await createTestCapstan({ plugins: [cmdb(), sloppy] })
    const result = await within(resolved(capstan.command.run({ targets: 'a1', command: 'uptime' })), 5000, 'the result')
    expect(result.nodes).toEqual([expect.objectContaining({ node: 'a1', status: 'error', error: expect.objectContaining({ code: 'PLUGIN_ERROR' }) })])
    expect(result.status).toBe('failure')
  })
})
