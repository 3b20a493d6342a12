import { describe, expect, it } from 'vitest'
import { generateInventory } from '../../bench/generate-inventory.js'
import { linkNodes } from '../../src/inventory/link-nodes.js'
import type { SourceRecord } from '../../src/inventory/source-record.js'

const ids = (records: SourceRecord[]): string[][] => linkNodes(records).map((node) => [node.id, ...node.aliases])

describe('linkNodes', () => {
  it('merges records with the same id, case-insensitively', () => {
    const [node, ...rest] = linkNodes([
      { source: 'puppetdb', node: { id: 'web01.example.com' } },
      { source: 'bolt', node: { id: 'WEB01.example.com' } },
    ])
    expect(rest).toEqual([])
    expect(node!.id).toBe('web01.example.com')
    expect(node!.aliases).toEqual([])
    expect(node!.sources).toEqual(['bolt', 'puppetdb'])
  })

  it('links through the host of a uri, IPv6 included', () => {
    expect(
      ids([
        { source: 'a', node: { id: 'db01.example.com', identifiers: ['10.0.0.7', 'fd00:0::7'] } },
        { source: 'b', node: { id: 'i-123', uri: 'ssh://admin@10.0.0.7:22' } },
        { source: 'c', node: { id: 'v6', uri: '[FD00::7]:22' } },
      ]),
      // 'fd00:0::7' and 'FD00::7' are one address; no source wrote it as 'fd00::7', so the smallest spelling is kept.
    ).toEqual([['db01.example.com', '10.0.0.7', 'FD00::7', 'i-123', 'v6']])
  })

  it('does not link on loopback names, except as ids', () => {
    expect(
      ids([
        { source: 'local', node: { id: 'localhost' } },
        { source: 'bolt', node: { id: 'localhost', uri: '127.0.0.1' } },
        { source: 'bolt', node: { id: 'box1', uri: 'ssh://127.0.0.1:2222', aliases: ['localhost'] } },
        { source: 'bolt', node: { id: 'box2', uri: '[::1]:2223', facts: { ipaddress: '127.0.1.1' } } },
      ]),
    ).toEqual([['box1'], ['box2'], ['localhost']])
  })

  it('links through identity facts', () => {
    const nodes = linkNodes([
      { source: 'puppetdb', node: { id: 'web01.example.com', facts: { trusted: { certname: 'web01.example.com' } } } },
      { source: 'facter', node: { id: 'x1', facts: { networking: { fqdn: 'web01.example.com', ip: '10.1.1.1' } } } },
      { source: 'legacy', node: { id: 'x2', facts: { ipaddress: '10.1.1.1' } } },
      { source: 'other', node: { id: 'x3', facts: { certname: 'other.example.com', fqdn: 42 } } },
    ])
    // x3's certname is not another record's id, so it links nothing; fqdn 42 is not a name and is ignored.
    expect(nodes.map((node) => node.id)).toEqual(['web01.example.com', 'x3'])
    expect(nodes[0]!.sources).toEqual(['facter', 'legacy', 'puppetdb'])
  })

  it('is transitive', () => {
    expect(
      ids([
        { source: 'a', node: { id: 'alpha', aliases: ['beta'] } },
        { source: 'b', node: { id: 'gamma', identifiers: ['beta', 'delta'] } },
        { source: 'c', node: { id: 'delta.example.com' } },
      ]),
    ).toEqual([['delta.example.com', 'alpha', 'beta', 'delta', 'gamma']])
  })

  it('links a short name to the one FQDN with that first label', () => {
    expect(
      ids([
        { source: 'bolt', node: { id: 'web01' } },
        { source: 'puppetdb', node: { id: 'web01.example.com' } },
      ]),
    ).toEqual([['web01.example.com', 'web01']])
  })

  it('does not guess when a short name matches several FQDNs', () => {
    expect(
      ids([
        { source: 'bolt', node: { id: 'web01' } },
        { source: 'puppetdb', node: { id: 'web01.eu.example.com' } },
        { source: 'puppetdb', node: { id: 'web01.us.example.com' } },
      ]),
    ).toEqual([['web01'], ['web01.eu.example.com'], ['web01.us.example.com']])
  })

  it('prefers an FQDN, then a name, then an IP as the canonical id', () => {
    const canonical = (records: SourceRecord[]) => linkNodes(records).map((node) => node.id)
    expect(canonical([{ source: 'a', node: { id: '10.0.0.1', aliases: ['x'] } }, { source: 'b', node: { id: 'web', identifiers: ['x'] } }])).toEqual(['web'])
    expect(canonical([{ source: 'a', node: { id: 'web', aliases: ['x'] } }, { source: 'b', node: { id: 'web.example.com', identifiers: ['x'] } }])).toEqual([
      'web.example.com',
    ])
    expect(canonical([{ source: 'a', node: { id: 'b.example.com', aliases: ['x'] } }, { source: 'b', node: { id: 'A.example.com', aliases: ['x'] } }])).toEqual([
      'A.example.com',
    ])
    // Aliases and identifiers link but are never chosen as the id.
    expect(canonical([{ source: 'a', node: { id: '10.0.0.1', aliases: ['web.example.com'] } }])).toEqual(['10.0.0.1'])
  })

  it('merges fields with the first source by name winning', () => {
    const [node] = linkNodes([
      {
        source: 'zeta',
        node: { id: 'web01', uri: 'zeta-host', transport: 'winrm', groups: ['web', 'eu'], vars: { a: 'zeta', z: 1 }, config: { user: 'z' }, facts: { os: 'z' } },
      },
      { source: 'alpha', node: { id: 'web01', name: 'Web One', groups: ['web'], vars: { a: 'alpha' }, facts: { kernel: 'Linux' } } },
      { source: 'beta', node: { id: 'web01', uri: 'ssh://web01:22', transport: 'ssh', vars: { a: 'beta', b: 2 } } },
    ])
    expect(node).toEqual({
      id: 'web01',
      name: 'Web One',
      uri: 'ssh://web01:22',
      aliases: ['Web One', 'zeta-host'],
      transport: 'ssh',
      groups: ['eu', 'web'],
      sources: ['alpha', 'beta', 'zeta'],
      config: { user: 'z' },
      vars: { a: 'alpha', b: 2, z: 1 },
      facts: { kernel: 'Linux', os: 'z' },
      sourceData: {
        alpha: { id: 'web01', name: 'Web One', groups: ['web'], vars: { a: 'alpha' }, facts: { kernel: 'Linux' } },
        beta: { id: 'web01', uri: 'ssh://web01:22', transport: 'ssh', vars: { a: 'beta', b: 2 } },
        zeta: {
          id: 'web01',
          uri: 'zeta-host',
          transport: 'winrm',
          groups: ['web', 'eu'],
          vars: { a: 'zeta', z: 1 },
          config: { user: 'z' },
          facts: { os: 'z' },
        },
      },
    })
  })

  it('keeps the first record of a source in sourceData when it reports one id twice', () => {
    const [node, ...rest] = linkNodes([
      { source: 'bolt', node: { id: 'web01.example.com', vars: { from: 'lower' } } },
      { source: 'bolt', node: { id: 'WEB01.example.com', uri: '10.0.0.5', vars: { from: 'upper', extra: true } } },
    ])
    expect(rest).toEqual([])
    expect(node!.id).toBe('web01.example.com')
    expect(node!.aliases).toEqual(['10.0.0.5'])
    expect(Object.keys(node!.sourceData)).toEqual(['bolt'])
    // Ordered by spelling within one id: 'WEB01...' sorts before 'web01...', so it comes first.
    expect(node!.sourceData.bolt!.id).toBe('WEB01.example.com')
    expect(node!.vars).toEqual({ from: 'upper', extra: true })
  })

  it('leaves absent optional fields absent', () => {
    const [node] = linkNodes([{ source: 'a', node: { id: 'x' } }])
    expect(node).toEqual({ id: 'x', name: 'x', aliases: [], groups: [], sources: ['a'], sourceData: { a: { id: 'x' } } })
    expect(Object.keys(node!)).not.toContain('uri')
  })

  it('keeps a __proto__ key in merged data as data', () => {
    const vars = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>
    const [node] = linkNodes([{ source: 'a', node: { id: 'x', vars } }])
    expect(Object.getPrototypeOf(node!.vars)).toBe(Object.prototype)
    expect(Object.keys(node!.vars!)).toEqual(['__proto__', 'a'])
  })

  it('sorts the output by id and does not depend on record order', () => {
    const records: SourceRecord[] = [
      { source: 'b', node: { id: 'zulu' } },
      { source: 'a', node: { id: 'alpha.example.com', aliases: ['alpha'] } },
      { source: 'c', node: { id: 'alpha', uri: '10.0.0.1' } },
      { source: 'a', node: { id: 'mike' } },
    ]
    const forward = linkNodes(records)
    expect(forward.map((node) => node.id)).toEqual(['alpha.example.com', 'mike', 'zulu'])
    expect(linkNodes([...records].reverse())).toEqual(forward)
  })

  it('links 30,000 records (10k machines x 3 sources) into 10,000 nodes', () => {
    // How fast is bench/inventory.bench.ts's business (a ratio against a baseline), not a timed assertion here.
    const nodes = linkNodes(generateInventory(10_000))
    expect(nodes).toHaveLength(10_000)
    expect(nodes.every((node) => node.sources.length === 3)).toBe(true)
  })
})
