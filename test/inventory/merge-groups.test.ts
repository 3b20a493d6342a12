import { describe, expect, it } from 'vitest'
import { mergeGroups } from '../../src/inventory/merge-groups.js'

describe('mergeGroups', () => {
  it('merges by name: members and children unioned, sources kept, sorted by name', () => {
    expect(
      mergeGroups([
        { source: 'puppetdb', group: { name: 'web', nodes: ['web02', 'web01'], vars: { tier: 'pdb', only: 1 } } },
        { source: 'bolt', group: { name: 'web', nodes: ['web01', 'web03'], groups: ['web-eu'], vars: { tier: 'bolt' }, sources: ['inventory.yaml'] } },
        { source: 'bolt', group: { name: 'db', nodes: [] } },
      ]),
    ).toEqual([
      { name: 'db', nodes: [], sources: ['bolt'] },
      {
        name: 'web',
        nodes: ['web01', 'web02', 'web03'],
        groups: ['web-eu'],
        // The first source by name (bolt) wins a key both define; puppetdb fills the gap.
        vars: { tier: 'bolt', only: 1 },
        sources: ['bolt', 'inventory.yaml', 'puppetdb'],
      },
    ])
  })

  it('keeps names case-sensitive', () => {
    expect(mergeGroups([
      { source: 'a', group: { name: 'Web', nodes: [] } },
      { source: 'a', group: { name: 'web', nodes: [] } },
    ]).map((group) => group.name)).toEqual(['Web', 'web'])
  })

  it('does not depend on record order', () => {
    const records = [
      { source: 'a', group: { name: 'g', nodes: ['x'], vars: { v: 1 } } },
      { source: 'a', group: { name: 'g', nodes: ['y'], vars: { v: 2 } } },
      { source: 'b', group: { name: 'g', nodes: ['z'], config: { c: true } } },
    ]
    expect(mergeGroups([...records].reverse())).toEqual(mergeGroups(records))
  })
})
