import { describe, expect, it } from 'vitest'
import { projectFacts, setPath, splitFactPath } from '../../src/inventory/project-facts.js'
import { fixtureRows } from '../support/fixture.js'

describe('projectFacts', () => {
  it('nests the flat keys of a recorded inventory projection, dropping certname', () => {
    const [row] = fixtureRows('query_pql_inventory_projection')
    expect(projectFacts(row!)).toEqual({ os: { name: 'RedHat' }, memory: { system: { total_bytes: 8589934592 } } })
  })

  it('keeps trusted data under trusted and drops the inventory fields that are not facts', () => {
    // As PuppetDB 7.12 answers ["extract", ["certname", "environment", "facts.os.family", "trusted.extensions.pp_role", "facts.nope.x"], ...].
    const row = {
      certname: 'web000.fra1.example.com',
      environment: 'production',
      timestamp: '2026-11-25T09:59:00.666Z',
      'facts.os.family': 'Debian',
      'trusted.extensions.pp_role': 'web',
      'facts.nope.x': null,
    }
    expect(projectFacts(row)).toEqual({ os: { family: 'Debian' }, trusted: { extensions: { pp_role: 'web' } } })
  })

  it('merges a nested facts object with flat keys, without changing the row', () => {
    const row = { certname: 'a', facts: { os: { family: 'Debian' }, gone: null }, 'facts.os.name': 'Ubuntu', 'kernel': 'Linux' }
    expect(projectFacts(row)).toEqual({ os: { family: 'Debian', name: 'Ubuntu' }, kernel: 'Linux' })
    expect(row.facts).toEqual({ os: { family: 'Debian' }, gone: null })
  })

  it('gives the same facts for the whole inventory row as for its facts', () => {
    const [row] = fixtureRows('query_inventory_debian')
    expect(projectFacts(row!)).toEqual(row!['facts'])
  })

  it('reads quoted segments with dots as one key', () => {
    expect(projectFacts({ 'facts."a.b".c': 1 })).toEqual({ 'a.b': { c: 1 } })
  })

  it('never reaches a prototype through a fact named __proto__', () => {
    const facts = projectFacts({ 'facts.__proto__.polluted': true, 'facts.constructor.prototype.polluted': true })
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    expect(Object.getPrototypeOf(facts)).toBe(Object.prototype)
    expect(Object.hasOwn(facts, '__proto__')).toBe(true)
  })
})

describe('setPath', () => {
  it('creates levels, replaces a non-object on the way, and leaves an empty path alone', () => {
    const target: Record<string, unknown> = { os: 'Linux' }
    expect(setPath(target, ['os', 'family'], 'Debian')).toBe(target)
    expect(target).toEqual({ os: { family: 'Debian' } })
    setPath(target, [], 'x')
    expect(target).toEqual({ os: { family: 'Debian' } })
  })
})

describe('splitFactPath', () => {
  it.each([
    ['facts.os.family', ['facts', 'os', 'family']],
    ['role', ['role']],
    ['facts."a.b".c', ['facts', 'a.b', 'c']],
  ])('splits %s into %j', (path, segments) => {
    expect(splitFactPath(path)).toEqual(segments)
  })
})
