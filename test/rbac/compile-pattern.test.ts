import { describe, expect, it } from 'vitest'
import { compileCapabilityPattern, compileNodePattern } from '../../src/rbac/compile-pattern.js'

describe('compileCapabilityPattern', () => {
  it.each([
    ['inventory.*', 'inventory.list', true],
    ['inventory.*', 'inventory.groups.list', true],
    ['inventory.*', 'inventory', false],
    ['inventory.*', 'facts.get', false],
    ['*', 'command.execute', true],
    ['*', '.hidden', true],
    ['*', 'a/b', true],
    ['*.get', 'facts.get', true],
    ['*.get', 'facts.getter', false],
    ['command.execute', 'command.execute', true],
    ['command.execute', 'command.executeX', false],
    ['command.execute', 'Command.Execute', false],
    ['{task,script}.execute', 'script.execute', true],
    ['command.?xecute', 'command.execute', true],
  ])('%s against %s is %s', (pattern, permission, expected) => {
    expect(compileCapabilityPattern(pattern)(permission)).toBe(expected)
  })

  it('treats a pattern without glob characters literally (dots are not wildcards)', () => {
    expect(compileCapabilityPattern('facts.get')('factsXget')).toBe(false)
  })
})

describe('compileNodePattern', () => {
  const web = { id: 'web01.example.com', name: 'web01', aliases: ['10.0.0.5', 'frontend-a'], groups: ['web', 'production'] }

  it('globs on id, name and aliases, ignoring case', () => {
    expect(compileNodePattern('web*')(web)).toBe(true)
    expect(compileNodePattern('*.example.com')(web)).toBe(true)
    expect(compileNodePattern('WEB01')(web)).toBe(true)
    expect(compileNodePattern('frontend-*')(web)).toBe(true)
    expect(compileNodePattern('10.0.0.*')(web)).toBe(true)
    expect(compileNodePattern('db*')(web)).toBe(false)
  })

  it('matches group:<glob> against groups only', () => {
    expect(compileNodePattern('group:web')(web)).toBe(true)
    expect(compileNodePattern('group:prod*')(web)).toBe(true)
    expect(compileNodePattern('group:web01*')(web)).toBe(false)
    expect(compileNodePattern('production')(web)).toBe(false)
  })
})
