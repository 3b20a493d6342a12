import { CapstanError } from 'capstan'
import { createTestCapstan } from 'capstan/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rejection } from '@capstan/test-support/async'
import { fakePlugin, type FakePlugin } from '../support/fake-plugin.js'
import { cmdbNodes, cmdbSource, puppetdbNodes, puppetdbSource } from '../support/two-sources.js'

describe('inventory across two sources that know one node under different names', () => {
  let cmdb: FakePlugin
  let puppetdb: FakePlugin
  let capstan: Awaited<ReturnType<typeof createTestCapstan>>

  beforeAll(async () => {
    cmdb = cmdbSource()
    puppetdb = puppetdbSource()
    capstan = await createTestCapstan({ plugins: [cmdb.plugin, puppetdb.plugin] })
  })
  afterAll(() => capstan.close())

  it('links the FQDN and the short name into one node with both sources and each source\'s data', async () => {
    const result = await capstan.inventory.list()
    expect(result.nodes.map((n) => n.id)).toEqual(['db01.example.com', 'web01.example.com', 'web02.example.com'])
    const web01 = result.nodes.find((n) => n.id === 'web01.example.com')
    expect(web01?.sources).toEqual(['cmdb', 'puppetdb'])
    expect(web01?.sourceData.cmdb?.id).toBe('web01.example.com')
    expect(web01?.sourceData.puppetdb?.id).toBe('web01')
    expect(web01?.aliases).toContain('web01')
    expect(web01?.groups).toEqual(['web'])
    expect(web01?.vars).toEqual({ owner: 'team-a' })
    expect(web01?.facts).toMatchObject({ os: { family: 'Debian' } })
    expect(result.partial).toBe(false)
    expect(result.sources.map((s) => [s.plugin, s.ok, s.count])).toEqual([
      ['cmdb', true, cmdbNodes.length],
      ['puppetdb', true, puppetdbNodes.length],
    ])
  })

  it('asks every source in parallel once per list', async () => {
    await capstan.inventory.list({ refresh: true })
    expect(cmdb.log.count('inventory.list')).toBeGreaterThanOrEqual(1)
    expect(puppetdb.log.count('inventory.list')).toBe(cmdb.log.count('inventory.list'))
  })

  it('gets a node by its short alias, linked with every source that knows it', async () => {
    const node = await capstan.inventory.get('web01')
    expect(node.id).toBe('web01.example.com')
    expect(node.sources).toEqual(['cmdb', 'puppetdb'])
    expect(Object.keys(node.sourceData).sort()).toEqual(['cmdb', 'puppetdb'])
  })

  it('gets a node by its canonical id, ignoring case', async () => {
    const node = await capstan.inventory.get('WEB01.example.com')
    expect(node.id).toBe('web01.example.com')
    expect(node.sources).toEqual(['cmdb', 'puppetdb'])
  })

  it('rejects a node no source knows with NOT_FOUND naming the node', async () => {
    const error = await rejection(capstan.inventory.get('nope'), 'NOT_FOUND')
    expect(error.details.node).toBe('nope')
    expect(error.message).toContain('nope')
  })

  it('merges groups by name and keeps their sources', async () => {
    const { groups, partial } = await capstan.inventory.groups()
    expect(partial).toBe(false)
    expect(groups.map((g) => g.name)).toEqual(['db', 'web'])
    const web = groups.find((g) => g.name === 'web')
    expect(web?.nodes).toEqual(['web01.example.com', 'web02.example.com'])
    expect(web?.sources).toEqual(['cmdb', 'puppetdb'])
    expect(web?.vars).toEqual({ tier: 'front' })
    expect(groups.find((g) => g.name === 'db')?.sources).toEqual(['cmdb'])
  })

  it('filters after linking: group from one source and fact from the other match together', async () => {
    const { nodes } = await capstan.inventory.filter({ groups: ['web'], facts: { 'os.family': 'Debian' } })
    expect(nodes.map((n) => n.id)).toEqual(['web01.example.com'])
  })

  it('filters facts by regex', async () => {
    const { nodes } = await capstan.inventory.filter({ facts: { 'os.family': { regex: '^(Debian|RedHat)$' } } })
    expect(nodes.map((n) => n.id)).toEqual(['web01.example.com', 'web02.example.com'])
  })

  it('filters facts by one-of, comparing numbers with numeric strings', async () => {
    const { nodes } = await capstan.inventory.filter({ facts: { 'os.release.major': { in: [12, 13] } } })
    expect(nodes.map((n) => n.id)).toEqual(['web01.example.com'])
  })

  it('filters facts by equality, and a missing fact matches nothing', async () => {
    expect((await capstan.inventory.filter({ facts: { kernel: 'Linux' } })).nodes.map((n) => n.id)).toEqual(['web01.example.com', 'web02.example.com'])
    expect((await capstan.inventory.filter({ facts: { 'os.family': 'Windows' } })).nodes).toEqual([])
  })

  it('filters by source, name glob, and combines criteria with AND', async () => {
    expect((await capstan.inventory.filter({ sources: ['cmdb'] })).nodes.map((n) => n.id)).toEqual(['db01.example.com', 'web01.example.com'])
    expect((await capstan.inventory.filter({ names: ['web*'] })).nodes.map((n) => n.id)).toEqual(['web01.example.com', 'web02.example.com'])
    expect((await capstan.inventory.filter({ names: ['web*'], sources: ['cmdb'] })).nodes.map((n) => n.id)).toEqual(['web01.example.com'])
  })

  it('rejects an invalid fact regex with VALIDATION_ERROR naming the fact', async () => {
    const error = await rejection(capstan.inventory.filter({ facts: { 'os.family': { regex: '(' } } }), 'VALIDATION_ERROR')
    expect(error.details.field).toBe('facts["os.family"].regex')
  })

  it('returns the same canonical ids whatever order the sources are wired in', async () => {
    await using reversed = await createTestCapstan({ plugins: [puppetdbSource().plugin, cmdbSource().plugin] })
    const a = await capstan.inventory.list()
    const b = await reversed.inventory.list()
    expect(b.nodes.map((n) => [n.id, n.sources])).toEqual(a.nodes.map((n) => [n.id, n.sources]))
  })
})

describe('inventory.get from sources that implement only inventory.list', () => {
  it('finds a node by alias through the listing', async () => {
    await using capstan = await createTestCapstan({ plugins: [cmdbSource({ lookup: false }).plugin, puppetdbSource({ lookup: false }).plugin] })
    const node = await capstan.inventory.get('web01')
    expect(node.id).toBe('web01.example.com')
    expect(node.sources).toEqual(['cmdb', 'puppetdb'])
  })
})

describe('failing inventory sources', () => {
  const failing = (name: string, error: unknown) =>
    fakePlugin(name, {
      capabilities: {
        'inventory.list': async () => {
          throw error
        },
      },
    })

  it('is UNAVAILABLE, naming each source and its error, when every source fails', async () => {
    await using capstan = await createTestCapstan({
      plugins: [failing('alpha', new Error('connection refused')).plugin, failing('beta', new CapstanError('UNAVAILABLE', { message: 'HTTP 503' })).plugin],
    })
    const error = await rejection(capstan.inventory.list(), 'UNAVAILABLE')
    expect(error.message).toContain('alpha')
    expect(error.message).toContain('connection refused')
    expect(error.message).toContain('beta')
    expect(error.message).toContain('HTTP 503')
    const sources = error.details.sources as Array<{ plugin: string; ok: boolean; error?: { code: string } }>
    expect(sources.map((s) => [s.plugin, s.ok, s.error?.code])).toEqual([
      ['alpha', false, 'PLUGIN_ERROR'],
      ['beta', false, 'UNAVAILABLE'],
    ])
  })

  it('is a partial result naming the failed source, never a silent empty list', async () => {
    await using capstan = await createTestCapstan({ plugins: [failing('alpha', new Error('connection refused')).plugin, cmdbSource().plugin] })
    const result = await capstan.inventory.list()
    expect(result.partial).toBe(true)
    expect(result.nodes.length).toBe(cmdbNodes.length)
    expect(result.sources.find((s) => s.plugin === 'alpha')).toMatchObject({ ok: false, error: { code: 'PLUGIN_ERROR', message: expect.stringContaining('connection refused') } })
  })

  it('says which sources did not answer when a node is not found', async () => {
    await using capstan = await createTestCapstan({
      plugins: [
        cmdbSource().plugin,
        fakePlugin('flaky', {
          capabilities: {
            'inventory.get': async () => {
              throw new Error('boom')
            },
          },
        }).plugin,
      ],
    })
    const error = await rejection(capstan.inventory.get('nope'), 'NOT_FOUND')
    expect(error.message).toContain('flaky')
  })
})
