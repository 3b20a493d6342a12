import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseBoltInventory } from '../../src/local/parse-bolt-inventory.js'

// The fixtures are real Bolt 3.30 output, recorded in the Bolt plugin's tests.
const boltDir = fileURLToPath(new URL('../../plugins-bolt/test/fixtures', import.meta.url))
const inventoryFile = path.join(boltDir, 'project/inventory.yaml')

interface BoltTargetDetail {
  name: string
  uri?: string
  alias: string[]
  config: Record<string, unknown> & { transport: string }
  vars: Record<string, unknown>
  facts: Record<string, unknown>
  groups: string[]
}

function readSample<T>(name: string): T {
  return JSON.parse(readFileSync(path.join(boltDir, 'samples', name), 'utf8')) as T
}

/** True when every key of `part`, at every depth, is in `whole` with the same value. */
function isDeepSubset(part: unknown, whole: unknown): boolean {
  if (part === null || typeof part !== 'object' || Array.isArray(part)) return JSON.stringify(part) === JSON.stringify(whole)
  if (whole === null || typeof whole !== 'object') return false
  return Object.entries(part).every(([key, value]) => isDeepSubset(value, (whole as Record<string, unknown>)[key]))
}

describe('parseBoltInventory against what Bolt 3.30 reported for the same file', () => {
  const parsed = parseBoltInventory(readFileSync(inventoryFile, 'utf8'), inventoryFile)
  const detail = readSample<{ targets: BoltTargetDetail[] }>('inventory_show_detail.out').targets

  it('finds the same targets in the same order (bolt inventory show)', () => {
    const shown = readSample<{ targets: string[] }>('inventory_show.out')
    expect(parsed.nodes.map((node) => node.id)).toEqual(shown.targets)
  })

  it('finds the same groups, all included (bolt group show)', () => {
    const shown = readSample<{ groups: string[] }>('group_show.out')
    expect(parsed.groups.map((group) => group.name).sort()).toEqual([...shown.groups].sort())
  })

  for (const bolt of detail) {
    describe(bolt.name, () => {
      const node = () => {
        const found = parsed.nodes.find((candidate) => candidate.id === bolt.name)
        if (!found) throw new Error(`no node ${bolt.name}`)
        return found
      }

      it('has the same name, uri and aliases', () => {
        expect(node().name).toBe(bolt.name)
        expect(node().uri).toBe(bolt.uri)
        expect(node().aliases).toEqual(bolt.alias)
      })

      it('has the same groups, in the same order, apart from the implicit all', () => {
        expect(bolt.groups.at(-1)).toBe('all')
        expect(node().groups).toEqual(bolt.groups.filter((group) => group !== 'all'))
      })

      it('has the same merged vars and facts', () => {
        expect(node().vars).toEqual(bolt.vars)
        expect(node().facts).toEqual(bolt.facts)
      })

      it('has the same transport, and config that Bolt only adds its defaults to', () => {
        expect(node().transport).toBe(bolt.config.transport)
        expect(Object.keys(node().config ?? {}).sort()).toEqual(Object.keys(bolt.config).sort())
        expect(isDeepSubset(node().config, bolt.config)).toBe(true)
      })
    })
  }

  it('puts every target in the all group and each group holds exactly the nodes that name it', () => {
    const all = parsed.groups.find((group) => group.name === 'all')
    expect(all?.nodes).toEqual(detail.map((target) => target.name))
    for (const group of parsed.groups.filter((g) => g.name !== 'all')) {
      const members = detail.filter((target) => target.groups.includes(group.name)).map((target) => target.name)
      expect(group.nodes).toEqual(members)
    }
  })
})
