import { describe, expect, it } from 'vitest'
import { entities, entityPath, isEntity, queryableFields, stableKeys } from '../../src/query/index.js'
import { recording } from '../support/fake-transport.js'

describe('entities', () => {
  it('endpoint paths use hyphens where the AST uses underscores', () => {
    expect(entityPath('nodes')).toBe('/pdb/query/v4/nodes')
    expect(entityPath('fact_contents')).toBe(recording('query_fact_contents_os_release_major').request.path)
    expect(entityPath('package_inventory')).toBe('/pdb/query/v4/package-inventory')
  })

  it('isEntity knows the AST names only', () => {
    expect(isEntity('fact_contents')).toBe(true)
    expect(isEntity('fact-contents')).toBe(false)
    expect(isEntity(undefined)).toBe(false)
  })

  it('the node fields are the ones PuppetDB lists in its bad-field answer', () => {
    const answer = String(recording('query_error_bad_field').response.body)
    const listed = [...answer.split('Known queryable objects are ')[1]!.matchAll(/'([^']+)'/g)].map((m) => m[1])
    expect([...queryableFields.nodes]).toEqual(listed)
  })

  it('every stable key is a field PuppetDB orders by', () => {
    for (const entity of entities) {
      for (const key of stableKeys[entity]) expect(queryableFields[entity] as readonly string[]).toContain(key)
    }
  })
})
