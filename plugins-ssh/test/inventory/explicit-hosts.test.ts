import { isCapstanError, NodeGroup, SourceNode } from 'capstan'
import { describe, expect, it } from 'vitest'
import { catchError as errorOf } from '@capstan/test-support/catch-error'
import { ExplicitHosts, explicitHostNodes, groupsOf } from '../../src/inventory/explicit-hosts.js'

describe('explicitHostNodes', () => {
  it('reads the string forms user@host:port, host:port, host, ssh:// and IPv6', () => {
    const nodes = explicitHostNodes([
      'deploy@web1.example.com:2222',
      'web2.example.com',
      'db1:2200',
      'ssh://root@10.0.0.7',
      '[::1]:2222',
      'admin@[fe80::1]',
      '2001:db8::9',
    ])
    expect(nodes.map(({ id, uri, config }) => ({ id, uri, config }))).toEqual([
      { id: 'web1.example.com:2222', uri: 'ssh://deploy@web1.example.com:2222', config: { hostname: 'web1.example.com', user: 'deploy', port: 2222 } },
      { id: 'web2.example.com', uri: 'ssh://web2.example.com:22', config: { hostname: 'web2.example.com', port: 22 } },
      { id: 'db1:2200', uri: 'ssh://db1:2200', config: { hostname: 'db1', port: 2200 } },
      { id: '10.0.0.7', uri: 'ssh://root@10.0.0.7:22', config: { hostname: '10.0.0.7', user: 'root', port: 22 } },
      { id: '[::1]:2222', uri: 'ssh://[::1]:2222', config: { hostname: '::1', port: 2222 } },
      { id: 'fe80::1', uri: 'ssh://admin@[fe80::1]:22', config: { hostname: 'fe80::1', user: 'admin', port: 22 } },
      { id: '2001:db8::9', uri: 'ssh://[2001:db8::9]:22', config: { hostname: '2001:db8::9', port: 22 } },
    ])
    for (const node of nodes) expect(SourceNode.parse(node)).toEqual(node)
  })

  it('reads objects with groups and vars, host defaulting to the name', () => {
    const nodes = explicitHostNodes([
      { name: 'web1', host: '192.0.2.10', user: 'deploy', groups: ['web', 'prod', 'web'], vars: { role: 'frontend' } },
      { name: 'db1.example.com', port: 2200, groups: ['db', 'prod'] },
    ])
    expect(nodes).toEqual([
      { id: 'web1', uri: 'ssh://deploy@192.0.2.10:22', transport: 'ssh', groups: ['web', 'prod'], vars: { role: 'frontend' }, config: { hostname: '192.0.2.10', user: 'deploy', port: 22 } },
      { id: 'db1.example.com', uri: 'ssh://db1.example.com:2200', transport: 'ssh', groups: ['db', 'prod'], config: { hostname: 'db1.example.com', port: 2200 } },
    ])
    for (const node of nodes) expect(SourceNode.parse(node)).toEqual(node)
  })

  it('fills user and port from defaults only where the entry has none', () => {
    const nodes = explicitHostNodes(['a', 'bob@b:2022'], { defaults: { user: 'ci', port: 2200 } })
    expect(nodes.map((node) => node.uri)).toEqual(['ssh://ci@a:2200', 'ssh://bob@b:2022'])
  })

  it('is a schema the plugin options can embed; its output parses again unchanged', () => {
    const parsed = ExplicitHosts.parse(['u@h:1', { name: 'x' }])
    expect(parsed).toEqual([{ name: 'h:1', host: 'h', port: 1, user: 'u' }, { name: 'x' }])
    expect(ExplicitHosts.parse(parsed)).toEqual(parsed)
    expect(explicitHostNodes(parsed)).toEqual(explicitHostNodes(['u@h:1', { name: 'x' }]))
  })

  it.each([
    ['web1:ssh', 'hosts[0]', /port "ssh"/],
    ['web1:0', 'hosts[0]', /not a number from 1 to 65535/],
    ['@web1', 'hosts[0]', /empty user/],
    ['[::1', 'hosts[0]', /without closing/],
    ['[::1]2222', 'hosts[0]', /expected ":port"/],
    ['winrm://win1', 'hosts[0]', /only ssh:\/\//],
    ['user@', 'hosts[0]', /no valid host/],
  ])('rejects the string %s with CONFIG_ERROR naming %s', (input, field, message) => {
    const error = errorOf(() => explicitHostNodes([input]))
    expect(isCapstanError(error, 'CONFIG_ERROR')).toBe(true)
    expect(error).toMatchObject({ details: { field } })
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).toContain(field)
  })

  it('names the bad field of an object entry', () => {
    const error = errorOf(() => explicitHostNodes(['ok', { name: 'web1', port: '22' as unknown as number }]))
    expect(error).toMatchObject({ code: 'CONFIG_ERROR', details: { field: 'hosts[1].port' } })
  })

  it('rejects unknown fields, hosts with spaces and duplicate names', () => {
    expect(errorOf(() => explicitHostNodes([{ name: 'a', hostname: 'x' } as never]))).toMatchObject({ details: { field: 'hosts[0].hostname' } })
    expect(errorOf(() => explicitHostNodes([{ name: 'a', host: 'two words' }]))).toMatchObject({ details: { field: 'hosts[0].host' } })
    expect(errorOf(() => explicitHostNodes(['web1', { name: 'web1', host: '10.0.0.1' }]))).toMatchObject({
      message: expect.stringContaining('host "web1" is listed twice'),
      details: { field: 'hosts[1].name' },
    })
  })

  it('returns no nodes for no hosts', () => {
    expect(explicitHostNodes([])).toEqual([])
  })
})

describe('groupsOf', () => {
  it('makes one group per name, in order of first appearance, members in node order', () => {
    const nodes = explicitHostNodes([
      { name: 'web1', groups: ['web', 'prod'] },
      { name: 'db1', groups: ['db', 'prod'] },
      'loose',
      { name: 'web2', groups: ['web'] },
    ])
    const groups = groupsOf(nodes)
    expect(groups).toEqual([
      { name: 'web', nodes: ['web1', 'web2'] },
      { name: 'prod', nodes: ['web1', 'db1'] },
      { name: 'db', nodes: ['db1'] },
    ])
    for (const group of groups) expect(NodeGroup.parse(group)).toEqual(group)
  })

  it('lists a node once even when two sources of the same id repeat a group', () => {
    expect(groupsOf([{ id: 'a', groups: ['g'] }, { id: 'a', groups: ['g'] }])).toEqual([{ name: 'g', nodes: ['a'] }])
  })
})
