import { NodeGroup, type SourceNode } from 'capstan'
import { describe, expect, it } from 'vitest'
import { DEFAULT_GROUP_BY, deriveGroups, groupsFromNodes } from '../../src/inventory/derive-groups.js'
import { mapNode } from '../../src/inventory/map-node.js'
import { projectFacts } from '../../src/inventory/project-facts.js'
import { fixtureRows } from '../support/fixture.js'

describe('deriveGroups', () => {
  it('groups by environment, role and pp_role by default', () => {
    expect(DEFAULT_GROUP_BY).toEqual(['environment', 'role', 'trusted.extensions.pp_role'])
    expect(deriveGroups({ environment: 'production', role: 'web', trusted: { extensions: { pp_role: 'frontend' } } })).toEqual([
      'production',
      'web',
      'frontend',
    ])
  })

  it('reads flat dotted keys as the inventory extract returns them, before the nested path', () => {
    expect(deriveGroups({ environment: 'staging', 'trusted.extensions.pp_role': 'db', trusted: { extensions: { pp_role: 'ignored' } } })).toEqual([
      'staging',
      'db',
    ])
  })

  it('names each group once, in groupBy order', () => {
    expect(deriveGroups({ environment: 'production', role: 'db', trusted: { extensions: { pp_role: 'db' } } })).toEqual(['production', 'db'])
  })

  it('names numbers and booleans as text, and ignores objects, arrays, null and empty strings', () => {
    const values = { a: 7, b: true, c: { x: 1 }, d: ['x'], e: null, f: '', g: Number.NaN }
    expect(deriveGroups(values, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'missing.path'])).toEqual(['7', 'true'])
  })

  it('uses the configured paths only', () => {
    expect(deriveGroups({ environment: 'production', os: { family: 'Debian' } }, ['os.family'])).toEqual(['Debian'])
    expect(deriveGroups({ environment: 'production' }, [])).toEqual([])
  })

  it('groups the recorded inventory rows by their environment and facts', () => {
    const groups = fixtureRows('query_inventory_debian').map((row) => deriveGroups({ ...projectFacts(row), environment: row['environment'] }))
    expect(groups).toEqual([
      ['production', 'db'],
      ['production', 'cache'],
    ])
  })
})

describe('groupsFromNodes', () => {
  const node = (id: string, groups?: string[]): SourceNode => ({ id, ...(groups === undefined ? {} : { groups }) })

  it('makes one group per name, groups and members sorted, members once', () => {
    const groups = groupsFromNodes([
      node('web02.example.com', ['production', 'web']),
      node('db01.example.com', ['production', 'db']),
      node('web01.example.com', ['web', 'production', 'web']),
      node('lonely.example.com'),
    ])
    expect(groups).toEqual([
      { name: 'db', nodes: ['db01.example.com'] },
      { name: 'production', nodes: ['db01.example.com', 'web01.example.com', 'web02.example.com'] },
      { name: 'web', nodes: ['web01.example.com', 'web02.example.com'] },
    ])
    for (const group of groups) expect(NodeGroup.parse(group)).toEqual(group)
  })

  it('has no groups for nodes without any', () => {
    expect(groupsFromNodes([node('a'), node('b', [])])).toEqual([])
  })

  it('groups every recorded node by its environment', () => {
    const nodes = fixtureRows('query_nodes_all').map((row) => {
      const groups = deriveGroups({ environment: row['catalog_environment'] })
      return mapNode(row, { groups }, 'puppetdb')
    })
    const groups = groupsFromNodes(nodes)
    expect(groups.map((group) => group.name)).toEqual(['production'])
    expect(groups[0]!.nodes).toHaveLength(50)
    expect(groups[0]!.nodes[0]).toBe('node001.db.example.com')
  })
})
