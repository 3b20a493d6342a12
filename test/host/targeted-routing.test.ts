import type { NodePackages } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rejection } from '@capstan/test-support/async'
import { fakePlugin, type FakePlugin } from '../support/fake-plugin.js'

// Targeted routing of capabilities that answer at once (package.list, package.search).
// Executions (command.execute, ...) are routed by the execution engine: test/execution/execution-engine-routing.test.ts.

/**
 * - `cmdb`: inventory only, FQDNs (web02 and win01 are known only here);
 * - `bolt`: inventory (web01 by its short name) and package.list on ssh or local;
 * - `sshpkg`: package.list on ssh only, higher priority than bolt;
 * no one reaches winrm.
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
  const bolt = fakePlugin('bolt', { integrationTypes: ['inventory', 'packages'], transports: ['ssh', 'local'], nodes: [{ id: 'web01', transport: 'ssh' }], listsPackages: true })
  const sshpkg = fakePlugin('sshpkg', { integrationTypes: ['packages'], transports: ['ssh'], listsPackages: true })
  return { cmdb, bolt, sshpkg, plugins: [cmdb.plugin, bolt.plugin, { plugin: sshpkg.plugin, priority: 10 }] }
}

const byNode = (result: { nodes: NodePackages[] }) => Object.fromEntries(result.nodes.map((n) => [n.node, n])) as Record<string, NodePackages>
const targetsOf = (plugin: FakePlugin) => plugin.log.of('package.list').map((c) => c.input.targets)

describe('package.list across plugins', () => {
  let setup: ReturnType<typeof fleet>
  let capstan: Awaited<ReturnType<typeof createTestCapstan>>

  beforeAll(async () => {
    setup = fleet()
    capstan = await createTestCapstan({ plugins: setup.plugins })
  })
  afterAll(() => capstan.close())

  const reset = () => {
    setup.bolt.log.calls.length = 0
    setup.sshpkg.log.calls.length = 0
  }

  it('resolves a glob through the inventory and calls each plugin once with its own share', async () => {
    reset()
    const result = await capstan.packages.list({ targets: 'web*', filter: 'ssl' })
    // web01 is a bolt node (source first), named as bolt knows it; web02 goes to the ssh lister with the higher priority.
    expect(targetsOf(setup.bolt)).toEqual([['web01']])
    expect(targetsOf(setup.sshpkg)).toEqual([['web02.example.com']])
    expect(setup.bolt.log.of('package.list')[0]?.ctx.nodes?.map((n) => n.id)).toEqual(['web01.example.com'])
    expect(setup.sshpkg.log.of('package.list')[0]?.ctx.nodes?.map((n) => n.id)).toEqual(['web02.example.com'])
    expect(setup.bolt.log.lastInput('package.list')?.filter).toBe('ssl')
    expect(result.nodes.map((n) => [n.node, n.manager, n.error]).sort()).toEqual([
      ['web01', 'bolt', undefined],
      ['web02.example.com', 'sshpkg', undefined],
    ])
  })

  it('routes a node by its transport when none of its sources can reach it', async () => {
    reset()
    await capstan.packages.list({ targets: ['db01.example.com'] })
    expect(targetsOf(setup.sshpkg)).toEqual([['db01.example.com']])
    expect(setup.bolt.log.count('package.list')).toBe(0)
  })

  it('sends every node to the plugin the caller names', async () => {
    reset()
    await capstan.packages.list({ targets: 'web*' }, { plugin: 'bolt' })
    expect(targetsOf(setup.bolt)).toEqual([['web01', 'web02.example.com']])
    expect(setup.sshpkg.log.count()).toBe(0)
  })

  it('accepts a filter as targets', async () => {
    reset()
    await capstan.packages.list({ targets: { groups: ['db'] } })
    expect(targetsOf(setup.sshpkg)).toEqual([['db01.example.com']])
  })

  it('reports a node no plugin can reach as an error entry with NO_PROVIDER, beside the others', async () => {
    reset()
    const result = await capstan.packages.list({ targets: ['web02.example.com', 'win01.example.com'] })
    expect(result.nodes).toHaveLength(2)
    const win = byNode(result)['win01.example.com']
    expect(win?.packages).toEqual([])
    expect(win?.error?.code).toBe('NO_PROVIDER')
    expect(win?.error?.message).toContain('winrm')
    expect(byNode(result)['web02.example.com']?.packages).toHaveLength(1)
    expect(setup.bolt.log.count()).toBe(0)
  })

  it('answers with error entries, not an exception, when no targeted node can be reached', async () => {
    reset()
    const result = await capstan.packages.list({ targets: 'win01.example.com' })
    expect(result.nodes.map((n) => [n.node, n.packages.length, n.error?.code])).toEqual([['win01.example.com', 0, 'NO_PROVIDER']])
    expect(setup.bolt.log.count() + setup.sshpkg.log.count()).toBe(0)
  })

  it('rejects target names that match nothing with NOT_FOUND on the targets field', async () => {
    reset()
    const error = await rejection(capstan.packages.list({ targets: ['web01', 'ghost01', 'ghost*'] }), 'NOT_FOUND')
    expect(error.details.field).toBe('targets')
    expect(error.details.unmatched).toEqual(['ghost01', 'ghost*'])
    expect(error.message).toContain('ghost01')
    expect(setup.bolt.log.count('package.list') + setup.sshpkg.log.count('package.list')).toBe(0)
  })

  it('rejects a filter that matches no node with NOT_FOUND', async () => {
    const error = await rejection(capstan.packages.list({ targets: { groups: ['nope'] } }), 'NOT_FOUND')
    expect(error.details.field).toBe('targets')
  })
})

describe('a plugin that throws during a targeted call', () => {
  it('turns its nodes into error entries and keeps the other plugin\'s entries', async () => {
    const cmdb = fakePlugin('cmdb', { nodes: [{ id: 'a1.example.com' }, { id: 'a2.example.com' }, { id: 'b1.example.com', transport: 'local' }] })
    const broken = fakePlugin('broken', {
      integrationTypes: ['packages'],
      transports: ['ssh'],
      capabilities: {
        'package.search': async () => {
          throw new Error('ssh agent refused')
        },
      },
    })
    const local = fakePlugin('local', {
      integrationTypes: ['packages'],
      transports: ['local'],
      capabilities: { 'package.search': async (input) => ({ nodes: (input.targets as string[]).map((node) => ({ node, manager: 'local', packages: [{ name: input.query, version: '1.0' }] })) }) },
    })
    await using capstan = await createTestCapstan({ plugins: [cmdb.plugin, broken.plugin, local.plugin] })
    const result = await capstan.packages.search({ targets: 'all', query: 'openssl' })
    expect(result.nodes.map((n) => n.node).sort()).toEqual(['a1.example.com', 'a2.example.com', 'b1.example.com'])
    const nodes = byNode(result)
    for (const id of ['a1.example.com', 'a2.example.com']) {
      expect(nodes[id]?.packages).toEqual([])
      expect(nodes[id]?.error?.code).toBe('PLUGIN_ERROR')
      expect(nodes[id]?.error?.message).toContain('ssh agent refused')
    }
    expect(nodes['b1.example.com']).toEqual({ node: 'b1.example.com', manager: 'local', packages: [{ name: 'openssl', version: '1.0' }] })
    expect(broken.log.count('package.search')).toBe(1)
  })

  it('keeps the per-node errors of the plugin\'s own answer', async () => {
    const cmdb = fakePlugin('cmdb', { nodes: [{ id: 'a1.example.com' }, { id: 'a2.example.com' }] })
    const lister = fakePlugin('lister', {
      integrationTypes: ['packages'],
      capabilities: {
        'package.list': async (input) => ({
          nodes: (input.targets as string[]).map((node) =>
            node.startsWith('a1') ? { node, manager: 'apt', packages: [] } : { node, packages: [], error: { code: 'UNREACHABLE', message: `${node} did not answer` } },
          ),
        }),
      },
    })
    await using capstan = await createTestCapstan({ plugins: [cmdb.plugin, lister.plugin] })
    const result = await capstan.packages.list({ targets: 'a*' })
    expect(byNode(result)['a1.example.com']?.error).toBeUndefined()
    expect(byNode(result)['a2.example.com']?.error).toEqual({ code: 'UNREACHABLE', message: 'a2.example.com did not answer' })
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
