import { describe, expect, it } from 'vitest'
import type { Node, NodeGroup } from '../../src/capabilities/models/node.js'
import { resolveTargets } from '../../src/inventory/resolve-targets.js'

const node = (id: string, extra: Partial<Node> = {}): Node => ({ id, name: id, aliases: [], groups: [], sources: ['test'], sourceData: {}, ...extra })

const nodes: Node[] = [
  node('web01.example.com', { aliases: ['web01', '10.0.0.1'], facts: { os: { family: 'Debian' } } }),
  node('web02.example.com', { aliases: ['web02'], facts: { os: { family: 'RedHat' } } }),
  node('db01.example.com', { name: 'Primary DB', aliases: ['db01'] }),
  node('cache01.example.com'),
]

const groups: NodeGroup[] = [
  { name: 'web', nodes: ['web01'], groups: ['web-eu'] },
  { name: 'web-eu', nodes: ['WEB02.example.com'], groups: ['web'] },
  { name: 'data', nodes: ['Primary DB', 'ghost'], groups: ['empty'] },
  { name: 'empty', nodes: [] },
  { name: 'web', nodes: ['10.0.0.1'] },
]

const ids = (result: { nodes: Node[] }): string[] => result.nodes.map((n) => n.id)

describe('resolveTargets', () => {
  it('matches a node by id, name or alias, case-insensitively', () => {
    expect(ids(resolveTargets('DB01.example.com', nodes, groups))).toEqual(['db01.example.com'])
    expect(ids(resolveTargets('Primary DB', nodes, groups))).toEqual(['db01.example.com'])
    expect(ids(resolveTargets('10.0.0.1', nodes, groups))).toEqual(['web01.example.com'])
  })

  it('expands groups with nested child groups, cutting cycles', () => {
    expect(resolveTargets('web', nodes, groups)).toEqual({ nodes: [nodes[0], nodes[1]], unmatched: [] })
    expect(ids(resolveTargets('data', nodes, groups))).toEqual(['db01.example.com'])
  })

  it('takes `group:NAME`, the spelling RBAC policies use, as the group only', () => {
    expect(resolveTargets('group:web', nodes, groups)).toEqual(resolveTargets('web', nodes, groups))
    expect(resolveTargets(['group:data', 'group:empty'], nodes, groups)).toEqual({ nodes: [nodes[2]], unmatched: [] })
    // Never a node or a glob: `group:` names a group or nothing.
    expect(resolveTargets(['group:web01', 'group:web*', 'group:ghost'], nodes, groups)).toEqual({ nodes: [], unmatched: ['group:web01', 'group:web*', 'group:ghost'] })
  })

  it('means the node by a name that is both a node and a group, and the group by `group:NAME`', () => {
    const both: NodeGroup[] = [...groups, { name: 'db01', nodes: ['web02'] }]
    expect(ids(resolveTargets('db01', nodes, both))).toEqual(['db01.example.com'])
    expect(ids(resolveTargets('group:db01', nodes, both))).toEqual(['web02.example.com'])
  })

  it('counts the nodes whose own `groups` list a group as its members, as filters and RBAC do', () => {
    const tagged = [node('app01', { groups: ['app'] }), node('app02', { groups: ['app', 'web'] }), ...nodes]
    expect(ids(resolveTargets('app', tagged, groups))).toEqual(['app01', 'app02'])
    expect(ids(resolveTargets('group:web', tagged, groups))).toEqual(['app02', 'web01.example.com', 'web02.example.com'])
    expect(ids(resolveTargets({ groups: ['app'] }, tagged, groups))).toEqual(ids(resolveTargets('group:app', tagged, groups)))
  })

  it('counts an empty group as matched', () => {
    expect(resolveTargets('empty', nodes, groups)).toEqual({ nodes: [], unmatched: [] })
  })

  it('falls back to globs over ids, names and aliases', () => {
    expect(ids(resolveTargets('*01', nodes, groups))).toEqual(['web01.example.com', 'db01.example.com'])
    expect(ids(resolveTargets('primary*', nodes, groups))).toEqual(['db01.example.com'])
  })

  it('treats all as every node', () => {
    expect(ids(resolveTargets('all', nodes, groups))).toEqual(nodes.map((n) => n.id))
  })

  it('reports names that match nothing, once each, in spec order', () => {
    expect(resolveTargets(['nope', 'web01', 'zz*', 'nope'], nodes, groups)).toEqual({ nodes: [nodes[0]], unmatched: ['nope', 'zz*'] })
  })

  it('deduplicates and keeps inventory order', () => {
    expect(ids(resolveTargets(['cache01.example.com', 'web', 'web01', 'web*'], nodes, groups))).toEqual([
      'web01.example.com',
      'web02.example.com',
      'cache01.example.com',
    ])
  })

  it('selects with a filter', () => {
    expect(resolveTargets({ facts: { 'os.family': { in: ['Debian', 'RedHat'] } } }, nodes, groups)).toEqual({ nodes: [nodes[0], nodes[1]], unmatched: [] })
  })

  it('resolves within the nodes `within` accepts as if the others did not exist', () => {
    const within = (n: Node): boolean => n.id !== 'db01.example.com'
    const cut = nodes.filter(within)
    // Every kind of name gives the same answer as over the inventory without db01.
    for (const spec of [['db01'], ['data'], ['Primary DB'], ['primary*'], ['all'], ['*01'], ['web', 'data'], ['empty']]) {
      expect(ids(resolveTargets(spec, nodes, groups, { within }))).toEqual(ids(resolveTargets(spec, cut, groups, { within })))
    }
    expect(resolveTargets(['db01', 'data', 'primary*', 'web01'], nodes, groups, { within })).toEqual({ nodes: [nodes[0]], unmatched: ['db01', 'data', 'primary*'] })
    // Under `within` a group counts only by what it yields, so an empty group reads as an unknown name.
    expect(resolveTargets('empty', nodes, groups, { within }).unmatched).toEqual(['empty'])
    expect(resolveTargets('all', nodes, groups, { within: () => false }).unmatched).toEqual(['all'])
    expect(ids(resolveTargets({ facts: { 'os.family': 'Debian' } }, nodes, groups, { within: () => false }))).toEqual([])
  })
})
