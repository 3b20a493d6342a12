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
    // The same field path as the input schema's error for the same filter.
    expect(thrown).toMatchObject({ details: { field: 'facts["os.family"].regex', issues: [{ path: 'facts["os.family"].regex' }] } })
    expect((thrown as Error).message).toContain('facts["os.family"].regex: invalid regular expression (RE2 syntax): missing closing )')
  })

  it('reads regular expressions as RE2: inline flags, \\d, \\x{...}; no backreferences or lookaround', () => {
    expect(matchesFilter(node, { facts: { 'os.family': { regex: '(?i)^debian$' } } })).toBe(true)
    expect(matchesFilter(node, { facts: { 'os.release.major': { regex: '^\\d+$' } } })).toBe(true)
    expect(matchesFilter({ ...node, facts: { motd: 'café' } }, { facts: { motd: { regex: 'caf\\x{e9}' } } })).toBe(true)
    expect(() => nodeMatcher({ facts: { 'os.family': { regex: '^Deb(?=ian)' } } })).toThrow('lookahead (?=…) is not supported (RE2 syntax)')
    expect(() => nodeMatcher({ facts: { motd: { regex: '(a)\\1' } } })).toThrow('facts.motd.regex: backreferences such as \\1 are not supported (RE2 syntax)')
  })

  it('matches name globs with braces and classes, where * also crosses dots', () => {
    expect(matchesFilter(node, { names: ['{db,web}0[0-9]'] })).toBe(true)
    expect(matchesFilter(node, { names: ['*.example.com'] })).toBe(true)
    expect(matchesFilter(node, { names: ['web*com'] })).toBe(true)
    expect(matchesFilter(node, { names: ['10.0.0.[!5]'] })).toBe(false)
    // Not picomatch's negation: `!` is text, so this names no node rather than every other one.
    expect(matchesFilter(node, { names: ['!db*'] })).toBe(false)
  })
})
