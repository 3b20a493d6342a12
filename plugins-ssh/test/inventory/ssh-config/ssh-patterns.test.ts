import { describe, expect, it } from 'vitest'
import { isConcreteAlias, matchesPattern, matchesPatternList } from '../../../src/inventory/ssh-config/ssh-patterns.js'

describe('matchesPattern', () => {
  it.each([
    ['web1', 'web*', true],
    ['web', 'web?', false],
    ['web12', 'web?', false],
    ['web1', 'web?', true],
    ['a.example.com', '*.example.com', true],
    ['aexample.com', '*.example.com', false],
    ['[x]', '[x]', true],
    ['x', '[x]', false],
    ['a+b', 'a+b', true],
  ])('%s against %s: %s (only * and ? are special)', (text, pattern, expected) => {
    expect(matchesPattern(text, pattern)).toBe(expected)
  })

  it('matches case only when asked to ignore it', () => {
    expect(matchesPattern('Web1', 'web1')).toBe(false)
    expect(matchesPattern('Web1', 'web1', { ignoreCase: true })).toBe(true)
  })
})

describe('matchesPatternList', () => {
  it('is false as soon as a negated entry matches, whatever the others say', () => {
    expect(matchesPatternList('web9', ['web*', '!web9'])).toBe(false)
    expect(matchesPatternList('web1', ['web*', '!web9'])).toBe(true)
  })

  it('never matches with negations alone, as in OpenSSH', () => {
    expect(matchesPatternList('other', ['!web9'])).toBe(false)
  })
})

describe('isConcreteAlias', () => {
  it('is true for a name without wildcards or negation', () => {
    expect(['db1.example.com', 'web-1'].map(isConcreteAlias)).toEqual([true, true])
    expect(['web*', 'web?', '!web'].map(isConcreteAlias)).toEqual([false, false, false])
  })
})
