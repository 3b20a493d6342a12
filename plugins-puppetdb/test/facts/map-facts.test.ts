import { Facts, isCapstanError } from 'capstan'
import { describe, expect, it } from 'vitest'
import { mapFactset, mapInventoryFacts } from '../../src/facts/map-facts.js'
import { catchError } from '@capstan/test-support/catch-error'
import { fixtureRows, withFields } from '../support/fixture.js'

const inventory = fixtureRows('query_inventory_debian')
const [factset] = fixtureRows('query_factsets_one')

describe('mapInventoryFacts', () => {
  it('maps every recorded inventory row onto valid Facts with every fact', () => {
    expect(inventory).toHaveLength(2)
    for (const row of inventory) {
      const facts = mapInventoryFacts(row, 'puppetdb')
      expect(Facts.parse(facts)).toEqual(facts)
      expect(facts.node).toBe(row['certname'])
      expect(Object.keys(facts.facts).sort()).toEqual(Object.keys(row['facts'] as object).sort())
    }
  })

  it('takes node, source and the time PuppetDB received the facts', () => {
    const facts = mapInventoryFacts(inventory[0]!, 'puppetdb')
    expect(facts).toMatchObject({ node: 'node001.db.example.com', source: 'puppetdb', gatheredAt: '2026-11-24T19:34:32.586Z' })
    expect(facts.facts['os']).toMatchObject({ family: 'Debian', release: { major: '11' } })
  })

  it("keeps trusted with the facts, the row's own trusted winning", () => {
    expect(mapInventoryFacts(inventory[0]!, 'p').facts['trusted']).toMatchObject({ certname: 'node001.db.example.com', extensions: { pp_role: 'db' } })
    const facts = { kernel: 'Linux', trusted: { certname: 'stale' } }
    const row = withFields(inventory[0]!, { facts, trusted: { certname: 'node001.db.example.com' } })
    expect(mapInventoryFacts(row, 'p').facts).toEqual({ kernel: 'Linux', trusted: { certname: 'node001.db.example.com' } })
    expect(mapInventoryFacts(withFields(inventory[0]!, { facts, trusted: null }), 'p').facts).toEqual(facts)
  })

  it('gives the same facts and time as the factset of the same node', () => {
    const fromInventory = mapInventoryFacts(inventory[0]!, 'puppetdb')
    const fromFactset = mapFactset(factset!, 'puppetdb')
    expect(fromFactset).toEqual(fromInventory)
  })

  it.each([
    [{ certname: undefined }, 'certname'],
    [{ timestamp: null }, 'timestamp'],
    [{ facts: 'os=Debian' }, 'facts'],
    [{ trusted: [] }, 'trusted'],
  ])('rejects a row with %j as PLUGIN_ERROR naming %s', (changes, field) => {
    const error = catchError(() => mapInventoryFacts(withFields(inventory[0]!, changes), 'puppetdb'))
    expect(isCapstanError(error, 'PLUGIN_ERROR')).toBe(true)
    expect((error as Error).message).toContain(field)
    expect((error as { details: Record<string, unknown> }).details).toMatchObject({ field, entity: 'inventory' })
  })
})

describe('mapFactset', () => {
  it('maps the recorded factset onto valid Facts, one fact per data entry', () => {
    const facts = mapFactset(factset!, 'puppetdb')
    expect(Facts.parse(facts)).toEqual(facts)
    const data = (factset!['facts'] as { data: { name: string; value: unknown }[] }).data
    expect(Object.keys(facts.facts)).toEqual(data.map((fact) => fact.name))
    expect(facts).toMatchObject({ node: 'node001.db.example.com', gatheredAt: '2026-11-24T19:34:32.586Z' })
    expect(facts.facts['is_virtual']).toBe(true)
    expect(facts.facts['trusted']).toMatchObject({ extensions: { pp_role: 'db', pp_datacenter: 'ams2' } })
  })

  it('keeps a fact named __proto__ as a fact', () => {
    const row = withFields(factset!, { facts: { data: [{ name: '__proto__', value: { polluted: true } }] } })
    const facts = mapFactset(row, 'p').facts
    expect(Object.hasOwn(facts, '__proto__')).toBe(true)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it.each([
    [{ facts: { href: '/pdb/query/v4/factsets/node001.db.example.com/facts' } }, 'facts.data'],
    [{ facts: { data: [{ value: 1 }] } }, 'facts.data[0].name'],
    [{ timestamp: '24/11/2026' }, 'timestamp'],
    [{ certname: null }, 'certname'],
  ])('rejects a row with %j as PLUGIN_ERROR naming %s', (changes, field) => {
    const error = catchError(() => mapFactset(withFields(factset!, changes), 'puppetdb'))
    expect(isCapstanError(error, 'PLUGIN_ERROR')).toBe(true)
    expect((error as Error).message).toContain(field)
    expect((error as { details: Record<string, unknown> }).details).toMatchObject({ field, entity: 'factsets', plugin: 'puppetdb' })
  })

  it('names the certname and hash of the broken factset', () => {
    const error = catchError(() => mapFactset(withFields(factset!, { facts: {} }), 'puppetdb'))
    expect((error as Error).message).toContain('certname node001.db.example.com, hash 12e026401cb62579f6a3c70f9971874391e12dab')
  })
})
