import type { ExecutionResult, NodeResult } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rejection } from '../support/async.js'
import { executionResult, fakePlugin, type FakePlugin } from '../support/fake-plugin.js'

/**
 * - `cmdb`: inventory only, FQDNs (web02 and win01 are known only here);
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

const byNode = (result: ExecutionResult) => Object.fromEntries(result.nodes.map((n) => [n.node, n])) as Record<string, NodeResult>
const targetsOf = (plugin: FakePlugin) => plugin.log.of('command.execute').map((c) => c.input.targets)

describe('command.execute across plugins', () => {
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

  it('resolves a glob through the inventory and calls each plugin once with its own share', async () => {
    reset()
    const result = (await capstan.invoke('command.execute', { targets: 'web*', command: 'uptime' })) as ExecutionResult
    // web01 is a bolt node (source first), named as bolt knows it; web02 goes to the ssh runner with the higher priority.
    expect(targetsOf(setup.bolt)).toEqual([['web01']])
    expect(targetsOf(setup.sshexec)).toEqual([['web02.example.com']])
    expect(setup.bolt.log.of('command.execute')[0]?.ctx.nodes?.map((n) => n.id)).toEqual(['web01.example.com'])
    expect(setup.sshexec.log.of('command.execute')[0]?.ctx.nodes?.map((n) => n.id)).toEqual(['web02.example.com'])
    expect(setup.bolt.log.lastInput('command.execute')?.command).toBe('uptime')
    expect(result.status).toBe('success')
    expect(result.plugins).toEqual(['bolt', 'sshexec'])
    expect(result.nodes.map((n) => n.stdout).sort()).toEqual(['bolt:web01', 'sshexec:web02.example.com'])
  })

  it('routes a node by its transport when none of its sources can run it', async () => {
    reset()
    await capstan.invoke('command.execute', { targets: ['db01.example.com'], command: 'uptime' })
    expect(targetsOf(setup.sshexec)).toEqual([['db01.example.com']])
    expect(setup.bolt.log.count('command.execute')).toBe(0)
  })

  it('sends every node to the plugin the caller names', async () => {
    reset()
    await capstan.invoke('command.execute', { targets: 'web*', command: 'uptime' }, { plugin: 'bolt' })
    expect(targetsOf(setup.bolt)).toEqual([['web01', 'web02.example.com']])
    expect(setup.sshexec.log.count()).toBe(0)
  })

  it('accepts a filter as targets', async () => {
    reset()
    await capstan.invoke('command.execute', { targets: { groups: ['db'] }, command: 'uptime' })
    expect(targetsOf(setup.sshexec)).toEqual([['db01.example.com']])
  })

  it('reports a node no plugin can run as an error result with NO_PROVIDER, and the run as partial', async () => {
    reset()
    const result = (await capstan.invoke('command.execute', { targets: ['web02.example.com', 'win01.example.com'], command: 'uptime' })) as ExecutionResult
    expect(result.status).toBe('partial')
    expect(result.nodes).toHaveLength(2)
    const win = byNode(result)['win01.example.com']
    expect(win?.status).toBe('error')
    expect(win?.error?.code).toBe('NO_PROVIDER')
    expect(win?.error?.message).toContain('winrm')
    expect(byNode(result)['web02.example.com']?.status).toBe('success')
    expect(setup.bolt.log.count()).toBe(0)
  })

  it('is a failure, not an exception, when no targeted node can be run', async () => {
    const result = (await capstan.invoke('command.execute', { targets: 'win01.example.com', command: 'uptime' })) as ExecutionResult
    expect(result.status).toBe('failure')
    expect(result.nodes.map((n) => [n.node, n.status, n.error?.code])).toEqual([['win01.example.com', 'error', 'NO_PROVIDER']])
  })

  it('rejects target names that match nothing with NOT_FOUND on the targets field', async () => {
    reset()
    const error = await rejection(capstan.invoke('command.execute', { targets: ['web01', 'ghost01', 'ghost*'], command: 'uptime' }), 'NOT_FOUND')
    expect(error.details.field).toBe('targets')
    expect(error.details.unmatched).toEqual(['ghost01', 'ghost*'])
    expect(error.message).toContain('ghost01')
    expect(setup.bolt.log.count('command.execute') + setup.sshexec.log.count('command.execute')).toBe(0)
  })

  it('rejects a filter that matches no node with NOT_FOUND', async () => {
    const error = await rejection(capstan.invoke('command.execute', { targets: { groups: ['nope'] }, command: 'uptime' }), 'NOT_FOUND')
    expect(error.details.field).toBe('targets')
  })
})

describe('a plugin that throws during a targeted call', () => {
  it('turns its nodes into error results and keeps the other plugin\'s results', async () => {
    const cmdb = fakePlugin('cmdb', { nodes: [{ id: 'a1.example.com' }, { id: 'a2.example.com' }, { id: 'b1.example.com', transport: 'local' }] })
    const broken = fakePlugin('broken', {
      transports: ['ssh'],
      capabilities: {
        'command.execute': async () => {
          throw new Error('ssh agent refused')
        },
      },
    })
    const local = fakePlugin('local', { transports: ['local'], runs: true })
    await using capstan = await createTestCapstan({ plugins: [cmdb.plugin, broken.plugin, local.plugin] })
    const result = (await capstan.invoke('command.execute', { targets: 'all', command: 'uptime' })) as ExecutionResult
    expect(result.nodes.map((n) => n.node).sort()).toEqual(['a1.example.com', 'a2.example.com', 'b1.example.com'])
    const nodes = byNode(result)
    for (const id of ['a1.example.com', 'a2.example.com']) {
      expect(nodes[id]?.status).toBe('error')
      expect(nodes[id]?.error?.code).toBe('PLUGIN_ERROR')
      expect(nodes[id]?.error?.message).toContain('ssh agent refused')
      expect(nodes[id]?.exitCode).toBeNull()
    }
    expect(nodes['b1.example.com']?.status).toBe('success')
    expect(result.status).toBe('partial')
    expect(result.capability).toBe('command.execute')
  })

  it('keeps per-node failures of the plugin\'s own result', async () => {
    const cmdb = fakePlugin('cmdb', { nodes: [{ id: 'a1.example.com' }, { id: 'a2.example.com' }] })
    const runner = fakePlugin('runner', {
      capabilities: {
        'command.execute': async (input) => executionResult('runner', 'command.execute', input.targets as string[], (n) => (n.startsWith('a1') ? 'success' : 'failure')),
      },
    })
    await using capstan = await createTestCapstan({ plugins: [cmdb.plugin, runner.plugin] })
    const result = (await capstan.invoke('command.execute', { targets: 'a*', command: 'false' })) as ExecutionResult
    expect(result.status).toBe('partial')
    expect(byNode(result)['a2.example.com']?.status).toBe('failure')
  })
})

describe('targeted capabilities without targets', () => {
  it('sends provision.create to the highest-priority provider, or the named one', async () => {
    const resource = (provider: string, name: string) => ({ resource: { id: `${provider}-1`, name, kind: 'vm', provider, status: 'creating' as const, createdAt: '2025-01-01T00:00:00Z' } })
    const low = fakePlugin('low', { integrationTypes: ['provisioning'], capabilities: { 'provision.create': async (input) => resource('low', input.name) } })
    const high = fakePlugin('high', { integrationTypes: ['provisioning'], capabilities: { 'provision.create': async (input) => resource('high', input.name) } })
    await using capstan = await createTestCapstan({ plugins: [low.plugin, { plugin: high.plugin, priority: 5 }] })
    expect((await capstan.provisioning.create({ name: 'web03', kind: 'vm' })).resource.provider).toBe('high')
    expect(high.log.lastInput('provision.create')).toEqual({ name: 'web03', kind: 'vm', spec: {} })
    expect((await capstan.provisioning.create({ name: 'web04', kind: 'vm' }, { plugin: 'low' })).resource.provider).toBe('low')
  })
})

describe('package.list across plugins', () => {
  it('concatenates per-node entries and adds an error entry for a node no plugin can reach', async () => {
    const cmdb = fakePlugin('cmdb', { nodes: [{ id: 'a1.example.com' }, { id: 'w1.example.com', transport: 'winrm' }] })
    const apt = fakePlugin('apt', {
      transports: ['ssh'],
      capabilities: {
        'package.list': async (input) => ({ nodes: (input.targets as string[]).map((node) => ({ node, manager: 'apt', packages: [{ name: 'openssl', version: '3.0.0' }] })) }),
      },
    })
    await using capstan = await createTestCapstan({ plugins: [cmdb.plugin, apt.plugin] })
    const result = await capstan.packages.list({ targets: 'all' })
    expect(result.nodes.map((n) => [n.node, n.packages.length, n.error?.code])).toEqual([
      ['a1.example.com', 1, undefined],
      ['w1.example.com', 0, 'NO_PROVIDER'],
    ])
  })
})
