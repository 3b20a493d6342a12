import { CapstanError, type PluginInfo } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rejection, resolved } from '@capstan/test-support/async'
import { byNode } from '../support/executions.js'
import { fakePlugin, type FakePluginSpec } from '../support/fake-plugin.js'

// Calls that reach a plugin which declared the capability but failed to start.
// Retries are off here (startRetry: false): this file is about routing, start-retries.test.ts about retrying.

/** The error a plugin's init fails with: a bad option, named in `details.field` as plugins do. */
const badOption = (plugin: string) => new CapstanError('CONFIG_ERROR', { message: `Invalid ${plugin} options: url must be a URL`, details: { field: 'url', plugin } })

/** A fake plugin whose start fails with `error`. */
function failing(name: string, spec: FakePluginSpec, error: unknown = badOption(name)) {
  return fakePlugin(name, {
    ...spec,
    init: async () => {
      throw error
    },
  })
}

const infoOf = (plugins: PluginInfo[], name: string) => plugins.find((p) => p.name === name)

describe('aggregated inventory with a source that failed to start', () => {
  const cmdb = fakePlugin('cmdb', { nodes: [{ id: 'web01.example.com', groups: ['web'] }], groups: [{ name: 'web', nodes: ['web01.example.com'] }] })
  const pdb = failing('pdb', { integrationTypes: ['inventory', 'facts'], nodes: [{ id: 'db01.example.com' }], groups: [{ name: 'db', nodes: ['db01.example.com'] }] })
  let capstan: Awaited<ReturnType<typeof createTestCapstan>>

  beforeAll(async () => {
    capstan = await createTestCapstan({ plugins: [cmdb.plugin, pdb.plugin], startRetry: false })
  })
  afterAll(() => capstan.close())

  const expectFailedSource = (sources: Array<{ plugin: string; ok: boolean; error?: { code: string; message: string; cause?: { code: string; message: string } } }>) => {
    const failed = sources.find((s) => s.plugin === 'pdb')
    expect(failed).toMatchObject({ ok: false, durationMs: 0, error: { code: 'PLUGIN_UNAVAILABLE', cause: { code: 'CONFIG_ERROR', message: 'Invalid pdb options: url must be a URL' } } })
    expect(failed?.error?.message).toContain('url must be a URL')
    expect(sources.find((s) => s.plugin === 'cmdb')?.ok).toBe(true)
  }

  it('list: partial, with the failed source in sources and its start error', async () => {
    const result = await capstan.inventory.list()
    expect(result.nodes.map((n) => n.id)).toEqual(['web01.example.com'])
    expect(result.partial).toBe(true)
    expect(result.sources.map((s) => s.plugin)).toEqual(['cmdb', 'pdb'])
    expectFailedSource(result.sources)
    expect(pdb.log.count()).toBe(0)
  })

  it('groups, filter and get: the same', async () => {
    const groups = await capstan.inventory.groups()
    expect(groups.groups.map((g) => g.name)).toEqual(['web'])
    expect(groups.partial).toBe(true)
    expectFailedSource(groups.sources)
    const filtered = await capstan.inventory.filter({ groups: ['web'] })
    expect(filtered.partial).toBe(true)
    expectFailedSource(filtered.sources)
    const got = await capstan.invoke('inventory.get', { node: 'web01.example.com' })
    expect(got.node?.id).toBe('web01.example.com')
    expect(got.partial).toBe(true)
    expectFailedSource(got.sources)
    expect(pdb.log.count()).toBe(0)
  })

  it('a node only the failed source knows: NOT_FOUND that names the failed source', async () => {
    const error = await rejection(capstan.inventory.get('db01.example.com'), 'NOT_FOUND')
    expect(error.message).toContain('pdb')
  })

  it('is never cached: a partial answer is asked again', async () => {
    const first = await capstan.inventory.list()
    const calls = cmdb.log.count('inventory.list')
    await capstan.inventory.list()
    expect(first.partial).toBe(true)
    expect(cmdb.log.count('inventory.list')).toBe(calls + 1)
  })

  it('asked for the failed plugin by name: PLUGIN_UNAVAILABLE', async () => {
    const error = await rejection(capstan.inventory.list({}, { plugin: 'pdb' }), 'PLUGIN_UNAVAILABLE')
    expect(error.details).toMatchObject({ plugin: 'pdb', capability: 'inventory.list' })
  })
})

describe('PLUGIN_UNAVAILABLE for the only provider', () => {
  const startError = badOption('pdb')
  const pdb = failing('pdb', { integrationTypes: ['inventory', 'facts'], nodes: [{ id: 'db01.example.com' }], facts: { 'db01.example.com': { os: 'debian' } } }, startError)
  let capstan: Awaited<ReturnType<typeof createTestCapstan>>

  beforeAll(async () => {
    capstan = await createTestCapstan({ plugins: [pdb.plugin], startRetry: false })
  })
  afterAll(() => capstan.close())

  it('names the plugin and capability, keeps the start error as cause, says what to do', async () => {
    const error = await rejection(capstan.inventory.list(), 'PLUGIN_UNAVAILABLE')
    expect(error.cause).toBe(startError)
    expect(error.message).toMatch(/^Plugin pdb cannot serve inventory\.list: it failed to start \(CONFIG_ERROR: Invalid pdb options: url must be a URL\)\. /)
    expect(error.details).toMatchObject({ plugin: 'pdb', capability: 'inventory.list', startError: { code: 'CONFIG_ERROR' }, transient: false })
    expect(error.details.hint).toBe(`Fix the plugin's option or file "url", then call capstan.restartPlugin('pdb').`)
    expect(error.message).toContain(String(error.details.hint))
    // Permanent: trying the same call again cannot help.
    expect(error.retryable).toBe(false)
    expect(infoOf(capstan.plugins(), 'pdb')).toMatchObject({ state: 'failed', startFailure: 'permanent', startAttempts: 1, error: { code: 'CONFIG_ERROR' } })
  })

  it('facts: PLUGIN_UNAVAILABLE, not NO_PROVIDER', async () => {
    const error = await rejection(capstan.facts.get('db01.example.com'), 'PLUGIN_UNAVAILABLE')
    expect(error.details).toMatchObject({ plugin: 'pdb', capability: 'info.facts' })
    expect(error.cause).toBe(startError)
  })

  it('says it on every call', async () => {
    for (let i = 0; i < 3; i++) expect((await rejection(capstan.inventory.filter({ groups: ['db'] }), 'PLUGIN_UNAVAILABLE')).cause).toBe(startError)
    expect(pdb.log.count()).toBe(0)
  })

  it('NO_PROVIDER stays for a capability no plugin declares', async () => {
    const error = await rejection(capstan.reports.list({}), 'NO_PROVIDER')
    expect(error.message).toBe('No plugin provides reports.list')
  })
})

describe('prioritised routing skips a provider that failed to start', () => {
  const top = failing('top', { integrationTypes: ['facts', 'alerts'], facts: { web01: { os: 'debian' } }, capabilities: { 'alert.acknowledge': async ({ id }) => ({ alert: { id, name: 'top', severity: 'warning', state: 'acknowledged', summary: '', labels: {}, annotations: {}, startsAt: '2025-01-01T00:00:00.000Z' } }) } })
  const lower = fakePlugin('lower', {
    integrationTypes: ['facts', 'alerts'],
    facts: { web01: { os: 'ubuntu' } },
    capabilities: { 'alert.acknowledge': async ({ id }) => ({ alert: { id, name: 'lower', severity: 'warning', state: 'acknowledged', summary: '', labels: {}, annotations: {}, startsAt: '2025-01-01T00:00:00.000Z' } }) },
  })
  let capstan: Awaited<ReturnType<typeof createTestCapstan>>

  beforeAll(async () => {
    capstan = await createTestCapstan({ plugins: [{ plugin: top.plugin, priority: 10 }, lower.plugin], startRetry: false })
  })
  afterAll(() => capstan.close())

  it('serves facts from the next provider', async () => {
    const facts = await capstan.facts.get('web01')
    expect(facts).toMatchObject({ source: 'lower', facts: { os: 'ubuntu' } })
    expect((await capstan.facts.get('web01', { all: true })).source).toBe('lower')
  })

  it('serves an action from the next provider too: nothing was attempted on the failed one', async () => {
    const result = await capstan.alerts.acknowledge({ id: 'a1' })
    expect(result.alert.name).toBe('lower')
    expect(top.log.count()).toBe(0)
  })

  it('when the next one does not know the node either: PLUGIN_UNAVAILABLE listing both', async () => {
    const error = await rejection(capstan.facts.get('db99'), 'PLUGIN_UNAVAILABLE')
    expect(error.message).toContain('top: Plugin top cannot serve info.facts')
    expect(error.message).toContain('lower: lower has no facts for db99')
    expect(error.details.attempts).toEqual([
      { plugin: 'top', code: 'PLUGIN_UNAVAILABLE', message: expect.stringContaining('failed to start') },
      { plugin: 'lower', code: 'NOT_FOUND', message: 'lower has no facts for db99' },
    ])
    expect((error.cause as CapstanError).cause).toBeInstanceOf(CapstanError)
  })
})

describe('targeted routing to a runner that failed to start', () => {
  const cmdb = fakePlugin('cmdb', { nodes: [{ id: 'web01.example.com', transport: 'ssh' }, { id: 'box01.example.com', transport: 'local' }] })
  const ssh = failing('ssh', { integrationTypes: ['remote-execution', 'packages'], transports: ['ssh'], runs: true, listsPackages: true }, new CapstanError('CONFIG_ERROR', { message: 'privateKeyPath: no such file', details: { field: 'privateKeyPath' } }))
  const local = fakePlugin('local', { integrationTypes: ['remote-execution', 'packages'], transports: ['local'], runs: true, listsPackages: true })
  const inventoryOnly = failing('later', { nodes: [{ id: 'db01.example.com' }] })
  let capstan: Awaited<ReturnType<typeof createTestCapstan>>

  beforeAll(async () => {
    capstan = await createTestCapstan({ plugins: [cmdb.plugin, ssh.plugin, local.plugin, inventoryOnly.plugin], startRetry: false })
  })
  afterAll(() => capstan.close())

  it('a node whose runner failed: that node fails with PLUGIN_UNAVAILABLE naming the runner; the others run', async () => {
    const result = await resolved(capstan.command.run({ targets: ['web01.example.com', 'box01.example.com'], command: 'uptime' }))
    const nodes = byNode(result.nodes)
    expect(nodes['box01.example.com']?.status).toBe('success')
    expect(nodes['web01.example.com']?.status).toBe('error')
    expect(nodes['web01.example.com']?.error).toMatchObject({ code: 'PLUGIN_UNAVAILABLE' })
    expect(nodes['web01.example.com']?.error?.message).toContain('Plugin ssh cannot serve command.execute')
    expect(nodes['web01.example.com']?.error?.message).toContain('privateKeyPath: no such file')
    expect(ssh.log.count()).toBe(0)
  })

  it('package.list: the per-node entry carries PLUGIN_UNAVAILABLE', async () => {
    const result = await resolved(capstan.packages.list({ targets: ['web01.example.com', 'box01.example.com'] }))
    expect(result.nodes).toContainEqual({ node: 'web01.example.com', packages: [], error: { code: 'PLUGIN_UNAVAILABLE', message: expect.stringContaining('Plugin ssh cannot serve package.list') } })
    expect(result.nodes.find((n) => n.node === 'box01.example.com')).toMatchObject({ manager: 'local' })
  })

  it('the failed runner named by the caller: PLUGIN_UNAVAILABLE before anything runs', async () => {
    const error = await rejection(capstan.invoke('command.execute', { targets: ['web01.example.com'], command: 'uptime' }, { plugin: 'ssh' }), 'PLUGIN_UNAVAILABLE')
    expect(error.details).toMatchObject({ plugin: 'ssh', capability: 'command.execute' })
  })

  it('a node that only a failed inventory source knows: NOT_FOUND that names the source, with its start error as cause', async () => {
    const error = await rejection(capstan.command.run({ targets: ['db01.example.com'], command: 'uptime' }), 'NOT_FOUND')
    expect(error.message).toBe('Targets matched no node: db01.example.com (inventory sources that failed to start, and may know them: later)')
    expect(error.details).toMatchObject({ field: 'targets', unmatched: ['db01.example.com'], unavailableSources: ['later'] })
    expect(error.cause).toMatchObject({ code: 'PLUGIN_UNAVAILABLE', details: { plugin: 'later' } })
  })
})

describe('NO_PROVIDER when nothing failed', () => {
  it('a node no wired plugin can run still fails with NO_PROVIDER', async () => {
    const cmdb = fakePlugin('cmdb', { nodes: [{ id: 'win01.example.com', transport: 'winrm' }] })
    const local = fakePlugin('local', { integrationTypes: ['remote-execution'], transports: ['local'], runs: true })
    await using capstan = await createTestCapstan({ plugins: [cmdb.plugin, local.plugin] })
    const result = await capstan.command.run({ targets: ['win01.example.com'], command: 'uptime' })
    expect(result.nodes[0]?.error).toMatchObject({ code: 'NO_PROVIDER', message: 'No plugin can run command.execute on win01.example.com (transport winrm)' })
  })
})
