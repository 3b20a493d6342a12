import { isCapstanError } from 'capstan'
import { mergeGroups } from 'capstan/plugin-kit'
import { describe, expect, it } from 'vitest'
import { groupsFromTargets, mapGroupShow, mapInventoryShow, parseGroupShow } from '../../src/inventory/index.js'
import { sampleJson } from '../support/samples.js'

describe('parseGroupShow', () => {
  it('reads the group names of `bolt group show`, all included, in Bolt order', () => {
    expect(parseGroupShow(sampleJson('group_show.out'))).toEqual(['all', 'locals', 'sshnodes', 'unreachable'])
  })

  it('names the command and the field when the output is not what Bolt prints', () => {
    let error: unknown
    try {
      parseGroupShow({ count: 1, groups: ['all', 7] }, 'bolt')
    } catch (caught) {
      error = caught
    }
    expect(isCapstanError(error, 'PLUGIN_ERROR')).toBe(true)
    expect(error).toMatchObject({ details: { command: 'bolt group show --format json', field: 'groups[1]', plugin: 'bolt' } })
  })
})

describe('mapGroupShow', () => {
  it('takes members from the targets of `bolt inventory show --detail`', () => {
    const nodes = mapInventoryShow(sampleJson('inventory_show_detail.out'), 'bolt')
    expect(mapGroupShow(sampleJson('group_show.out'), nodes)).toEqual([
      { name: 'all', nodes: ['ssh1', 'ssh2', 'deadhost', 'local1', 'local2'] },
      { name: 'locals', nodes: ['local1', 'local2'] },
      { name: 'sshnodes', nodes: ['ssh1', 'ssh2'] },
      { name: 'unreachable', nodes: ['deadhost'] },
    ])
  })

  it('merges with the core like any source', () => {
    const nodes = mapInventoryShow(sampleJson('inventory_show_detail.out'), 'bolt')
    const merged = mergeGroups(mapGroupShow(sampleJson('group_show.out'), nodes).map((group) => ({ source: 'bolt', group })))
    expect(merged.find((group) => group.name === 'sshnodes')).toEqual({ name: 'sshnodes', nodes: ['ssh1', 'ssh2'], sources: ['bolt'] })
  })
})

describe('groupsFromTargets', () => {
  it('keeps empty groups and adds groups the targets name but the list lacks', () => {
    const nodes = [
      { id: 'a', groups: ['web', 'web', 'dc1'] },
      { id: 'b', groups: ['dc1'] },
      { id: 'c' },
    ]
    expect(groupsFromTargets(nodes, ['all', 'empty', 'web'])).toEqual([
      { name: 'all', nodes: ['a', 'b', 'c'] },
      { name: 'empty', nodes: [] },
      { name: 'web', nodes: ['a'] },
      { name: 'dc1', nodes: ['a', 'b'] },
    ])
  })
})
