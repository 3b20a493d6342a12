import { describe, expect, it } from 'vitest'
import type { SourceNode } from '../../src/capabilities/models/node.js'
import { linkInventory } from '../../src/inventory/link-inventory.js'
import type { SourceRecord } from '../../src/inventory/source-record.js'

/** A node as the PuppetDB plugin maps it: certname id, short-name alias, identity facts as identifiers. */
const puppetdbNode = (certname: string, ip: string): SourceNode => ({
  id: certname,
  aliases: [certname.slice(0, certname.indexOf('.'))],
  identifiers: [ip],
  facts: { networking: { fqdn: certname, ip }, ipaddress: ip },
})

const partition = (records: SourceRecord[]): string[][] =>
  linkInventory(records).nodes.map((node) => Object.entries(node.sourceData).map(([source, data]) => `${source}:${data.id}`))

describe('linkInventory: one address shared by many machines', () => {
  // VirtualBox NAT guests all report 10.0.2.15; before, these three certnames came back as one node.
  const natGuests: SourceRecord[] = ['vm1.example.com', 'vm2.example.com', 'vm3.example.com'].map((certname) => ({
    source: 'puppetdb',
    node: puppetdbNode(certname, '10.0.2.15'),
  }))

  it('keeps three PuppetDB nodes with one networking.ip apart and reports the address once', () => {
    const { nodes, conflicts, conflictsOmitted } = linkInventory(natGuests)
    expect(nodes.map((node) => node.id)).toEqual(['vm1.example.com', 'vm2.example.com', 'vm3.example.com'])
    expect(conflicts).toEqual([
      {
        identity: '10.0.2.15',
        kind: 'ip',
        reason: 'shared',
        records: [
          { source: 'puppetdb', id: 'vm1.example.com' },
          { source: 'puppetdb', id: 'vm2.example.com' },
          { source: 'puppetdb', id: 'vm3.example.com' },
        ],
        recordCount: 3,
      },
    ])
    expect(conflictsOmitted).toBe(0)
    // The address names none of them, so it is nobody's alias (a target '10.0.2.15' must not pick one).
    for (const node of nodes) expect(node.aliases).toEqual([node.id.slice(0, 3)])
  })

  it('links a Bolt target named by that address to none of them, while a unique address links across sources', () => {
    const records: SourceRecord[] = [
      ...natGuests,
      { source: 'bolt', node: { id: '10.0.2.15', uri: 'ssh://10.0.2.15:22' } },
      { source: 'puppetdb', node: puppetdbNode('db1.example.com', '10.0.0.9') },
      { source: 'bolt', node: { id: '10.0.0.9', uri: 'ssh://admin@10.0.0.9:22' } },
    ]
    expect(partition(records)).toEqual([
      ['bolt:10.0.2.15'],
      ['bolt:10.0.0.9', 'puppetdb:db1.example.com'],
      ['puppetdb:vm1.example.com'],
      ['puppetdb:vm2.example.com'],
      ['puppetdb:vm3.example.com'],
    ])
    const { conflicts } = linkInventory(records)
    expect(conflicts.map(({ identity, recordCount }) => [identity, recordCount])).toEqual([['10.0.2.15', 4]])
    expect(conflicts[0]!.records).toContainEqual({ source: 'bolt', id: '10.0.2.15' })
  })

  it('still links records with the same id, even when another source shares it', () => {
    const records: SourceRecord[] = [...natGuests, { source: 'bolt', node: { id: '10.0.2.15' } }, { source: 'local', node: { id: '10.0.2.15' } }]
    expect(partition(records)[0]).toEqual(['bolt:10.0.2.15', 'local:10.0.2.15'])
    expect(linkInventory(records).nodes).toHaveLength(4)
  })
})

describe('linkInventory: records of one source', () => {
  it('never merges two records of one source with different ids, whatever they share', () => {
    const shared = { aliases: ['web'], identifiers: ['web.example.com', '10.0.0.1'], uri: 'ssh://10.0.0.1:22', facts: { certname: 'web.example.com', fqdn: 'web.example.com' } }
    const { nodes, conflicts } = linkInventory([
      { source: 'cmdb', node: { id: 'a.example.com', ...shared } },
      { source: 'cmdb', node: { id: 'b.example.com', ...shared } },
    ])
    expect(nodes.map((node) => [node.id, node.aliases])).toEqual([
      ['a.example.com', []],
      ['b.example.com', []],
    ])
    expect(conflicts.map(({ identity, kind }) => [identity, kind])).toEqual([
      ['10.0.0.1', 'ip'],
      ['web', 'short'],
      ['web.example.com', 'fqdn'],
    ])
  })

  it('merges records of one source that have the same id in another spelling', () => {
    const { nodes, conflicts } = linkInventory([
      { source: 'bolt', node: { id: 'web01', vars: { a: 1 } } },
      { source: 'bolt', node: { id: 'WEB01', vars: { b: 2 } } },
    ])
    expect(nodes).toHaveLength(1)
    expect(nodes[0]!.vars).toEqual({ a: 1, b: 2 })
    expect(conflicts).toEqual([])
  })

  it('lets an FQDN two records of one source share link nothing to a third source (rule 1 wins)', () => {
    const records: SourceRecord[] = [
      { source: 'puppetdb', node: { id: 'a.example.com', facts: { fqdn: 'www.example.com' } } },
      { source: 'puppetdb', node: { id: 'b.example.com', facts: { fqdn: 'www.example.com' } } },
      { source: 'ssh', node: { id: 'www', uri: 'www.example.com' } },
    ]
    expect(partition(records)).toEqual([['puppetdb:a.example.com'], ['puppetdb:b.example.com'], ['ssh:www']])
    expect(linkInventory(records).conflicts).toMatchObject([{ identity: 'www.example.com', kind: 'fqdn', reason: 'shared', recordCount: 3 }])
  })

  it('gives a name to the record of a source whose id it is, not to another record of that source that lists it', () => {
    const records: SourceRecord[] = [
      { source: 'puppetdb', node: { id: 'web01.example.com' } },
      { source: 'puppetdb', node: { id: 'proxy.example.com', aliases: ['web01.example.com'] } },
      { source: 'bolt', node: { id: 'web01.example.com', uri: 'ssh://web01.example.com:22' } },
    ]
    const { nodes, conflicts } = linkInventory(records)
    expect(nodes.map((node) => [node.id, node.sources, node.aliases])).toEqual([
      ['proxy.example.com', ['puppetdb'], []],
      ['web01.example.com', ['bolt', 'puppetdb'], []],
    ])
    expect(conflicts).toMatchObject([{ identity: 'web01.example.com', reason: 'shared', recordCount: 3 }])
  })

  it('does not link a short name that two records of a source carry, as PuppetDB does for web01.eu and web01.us', () => {
    const records: SourceRecord[] = [
      { source: 'puppetdb', node: { id: 'web01.eu.example.com', aliases: ['web01'] } },
      { source: 'puppetdb', node: { id: 'web01.us.example.com', aliases: ['web01'] } },
      { source: 'bolt', node: { id: 'web01' } },
    ]
    expect(partition(records)).toEqual([['bolt:web01'], ['puppetdb:web01.eu.example.com'], ['puppetdb:web01.us.example.com']])
    expect(linkInventory(records).conflicts).toMatchObject([{ identity: 'web01', kind: 'short', reason: 'shared' }])
  })

  it('does not let a short name stand for an FQDN its source also lists as another record', () => {
    const records: SourceRecord[] = [
      { source: 'bolt', node: { id: 'web01' } },
      { source: 'bolt', node: { id: 'web01.example.com' } },
      { source: 'puppetdb', node: { id: 'web01.example.com' } },
    ]
    expect(partition(records)).toEqual([['bolt:web01'], ['bolt:web01.example.com', 'puppetdb:web01.example.com']])
    expect(linkInventory(records).conflicts).toMatchObject([{ identity: 'web01.example.com', reason: 'shared', recordCount: 3 }])
  })
})

describe('linkInventory: links that are each unambiguous but join too much together', () => {
  // b.example.com links B and X (strong); 10.0.0.9 links A and X (weak). Together they would put A and B, two
  // PuppetDB records, into one node: the weak link gives way.
  const records: SourceRecord[] = [
    { source: 'puppetdb', node: { id: 'a.example.com', facts: { networking: { ip: '10.0.0.9' } } } },
    { source: 'puppetdb', node: { id: 'b.example.com' } },
    { source: 'bolt', node: { id: 'x', aliases: ['b.example.com'], facts: { ipaddress: '10.0.0.9' } } },
  ]

  it('keeps the FQDN link and drops the weak one, reporting it', () => {
    const { nodes, conflicts } = linkInventory(records)
    expect(nodes.map((node) => [node.id, node.sources, node.aliases])).toEqual([
      ['a.example.com', ['puppetdb'], []],
      ['b.example.com', ['bolt', 'puppetdb'], ['x']],
    ])
    expect(conflicts).toEqual([
      {
        identity: '10.0.0.9',
        kind: 'ip',
        reason: 'transitive',
        records: [
          { source: 'bolt', id: 'x' },
          { source: 'puppetdb', id: 'a.example.com' },
        ],
        recordCount: 2,
      },
    ])
  })

  it('splits the same way whatever the order of records and the names of sources', () => {
    const forward = linkInventory(records)
    expect(linkInventory([...records].reverse())).toEqual(forward)
    const renamed = records.map(({ source, node }) => ({ source: source === 'bolt' ? 'aaa' : 'zzz', node }))
    const ids = partition(renamed).map((part) => part.map((name) => name.slice('zzz:'.length)).sort())
    expect(ids.sort()).toEqual([['a.example.com'], ['b.example.com', 'x']])
  })

  it('lets records with the same id stay together before any other link applies', () => {
    // k links A and B by id; c.example.com would add C, another PuppetDB record, to them: it is the one dropped.
    const { nodes, conflicts } = linkInventory([
      { source: 'puppetdb', node: { id: 'k' } },
      { source: 'bolt', node: { id: 'k', aliases: ['c.example.com'] } },
      { source: 'puppetdb', node: { id: 'c.example.com' } },
    ])
    expect(nodes.map((node) => [node.id, node.sources])).toEqual([
      ['c.example.com', ['puppetdb']],
      ['k', ['bolt', 'puppetdb']],
    ])
    expect(conflicts).toMatchObject([{ identity: 'c.example.com', reason: 'transitive' }])
  })
})

describe('linkInventory: conflicts stay short', () => {
  it('lists at most 100 conflicts and counts the rest', () => {
    const records: SourceRecord[] = []
    for (let i = 0; i < 150; i++) {
      const ip = `10.1.${i >> 8}.${i & 255}`
      records.push({ source: 'pdb', node: { id: `a${i}`, identifiers: [ip] } }, { source: 'pdb', node: { id: `b${i}`, identifiers: [ip] } })
    }
    const { nodes, conflicts, conflictsOmitted } = linkInventory(records)
    expect(nodes).toHaveLength(300)
    expect(conflicts).toHaveLength(100)
    expect(conflictsOmitted).toBe(50)
    // Sorted by identity, so the same 100 are listed on every call.
    expect(conflicts[0]!.identity).toBe('10.1.0.0')
  })

  it('lists at most 10 records per conflict and counts them all', () => {
    const records: SourceRecord[] = Array.from({ length: 25 }, (_, i) => ({ source: 'docker', node: { id: `c${String(i).padStart(2, '0')}`, uri: '172.17.0.2' } }))
    const [conflict] = linkInventory(records).conflicts
    expect(conflict!.records).toHaveLength(10)
    expect(conflict!.records[0]).toEqual({ source: 'docker', id: 'c00' })
    expect(conflict!.recordCount).toBe(25)
  })
})
