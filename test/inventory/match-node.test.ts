import { describe, expect, it } from 'vitest'
import type { Node } from '../../src/capabilities/models/node.js'
import { isCapstanError } from '../../src/errors/capstan-error.js'
import { matchesFilter, nodeMatcher } from '../../src/inventory/match-node.js'

const node: Node = {
  id: 'web01.example.com',
  name: 'Web01',
  aliases: ['10.0.0.5', 'web01'],
  groups: ['web', 'eu'],
  sources: ['bolt', 'puppetdb'],
  facts: { os: { family: 'Debian', release: { major: '12' } }, processors: { count: 4 }, is_virtual: true },
  sourceData: {},
}

describe('matchesFilter', () => {
  it('matches everything with an empty filter', () => {
    expect(matchesFilter(node, {})).toBe(true)
  })

  it('globs names over id, name and aliases, case-insensitively', () => {
    expect(matchesFilter(node, { names: ['WEB*'] })).toBe(true)
    expect(matchesFilter(node, { names: ['10.0.0.*'] })).toBe(true)
    expect(matchesFilter(node, { names: ['db*', 'web01'] })).toBe(true)
    expect(matchesFilter(node, { names: ['db*'] })).toBe(false)
  })

  it('matches any listed group and any listed source', () => {
    expect(matchesFilter(node, { groups: ['db', 'eu'] })).toBe(true)
    expect(matchesFilter(node, { groups: ['db'] })).toBe(false)
    expect(matchesFilter(node, { sources: ['ssh', 'bolt'] })).toBe(true)
    expect(matchesFilter(node, { sources: ['ssh'] })).toBe(false)
  })

  it('treats an empty list as no constraint', () => {
    expect(matchesFilter(node, { names: [], groups: [] })).toBe(true)
  })

  it('requires every criterion', () => {
    expect(matchesFilter(node, { groups: ['web'], facts: { 'os.family': 'Debian' } })).toBe(true)
    expect(matchesFilter(node, { groups: ['web'], facts: { 'os.family': 'RedHat' } })).toBe(false)
  })

  it('compares fact values strictly, except numbers and numeric strings', () => {
    expect(matchesFilter(node, { facts: { 'os.release.major': 12 } })).toBe(true)
    expect(matchesFilter(node, { facts: { 'processors.count': '4' } })).toBe(true)
    expect(matchesFilter(node, { facts: { 'processors.count': '4.0' } })).toBe(true)
    expect(matchesFilter(node, { facts: { is_virtual: true } })).toBe(true)
    expect(matchesFilter(node, { facts: { is_virtual: 'true' } })).toBe(false)
    expect(matchesFilter(node, { facts: { 'os.family': 'debian' } })).toBe(false)
    expect(matchesFilter(node, { facts: { 'os.missing': '' } })).toBe(false)
    expect(matchesFilter({ ...node, facts: { blank: '' } }, { facts: { blank: 0 } })).toBe(false)
  })

  it('matches a regex against the text of a scalar fact', () => {
    expect(matchesFilter(node, { facts: { 'os.family': { regex: '^deb' } } })).toBe(false)
    expect(matchesFilter(node, { facts: { 'os.family': { regex: '^Deb' } } })).toBe(true)
    expect(matchesFilter(node, { facts: { 'processors.count': { regex: '^[48]$' } } })).toBe(true)
    expect(matchesFilter(node, { facts: { os: { regex: '.' } } })).toBe(false)
  })

  it('matches any of an `in` list', () => {
    expect(matchesFilter(node, { facts: { 'os.release.major': { in: [11, 12] } } })).toBe(true)
    expect(matchesFilter(node, { facts: { 'os.family': { in: ['RedHat', 'Suse'] } } })).toBe(false)
  })

  it('rejects an invalid regex with a VALIDATION_ERROR naming the field, before testing any node', () => {
    let thrown: unknown
    try {
      nodeMatcher({ facts: { 'os.family': { regex: '(' } } })
    } catch (error) {
      thrown = error
    }
    expect(isCapstanError(thrown, 'VALIDATION_ERROR')).toBe(true)
    expect(thrown).toMatchObject({ details: { field: 'facts.os.family', issues: [{ path: 'facts.os.family' }] } })
    expect((thrown as Error).message).toContain('facts.os.family')
  })
})
