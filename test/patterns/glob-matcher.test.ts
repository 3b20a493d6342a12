import { describe, expect, it } from 'vitest'
import { globMatcher } from '../../src/patterns/glob-matcher.js'

const matching = (globs: string[], names: string[], caseInsensitive = true) => names.filter(globMatcher(globs, { caseInsensitive }))

describe('globMatcher', () => {
  it('matches whole names: *, ?, classes, braces', () => {
    const names = ['web01', 'web02.example.com', 'db-1', 'db-x', 'cache7', 'WEB10']
    expect(matching(['web*'], names)).toEqual(['web01', 'web02.example.com', 'WEB10'])
    expect(matching(['web0?'], names)).toEqual(['web01'])
    expect(matching(['db-[0-9]'], names)).toEqual(['db-1'])
    expect(matching(['db-[!0-9]'], names)).toEqual(['db-x'])
    expect(matching(['{cache,db-}?'], names)).toEqual(['db-1', 'db-x', 'cache7'])
    expect(matching(['*.example.com'], names)).toEqual(['web02.example.com'])
  })

  it('lets * match dots and slashes: names are not paths', () => {
    expect(matching(['a*z'], ['a.b/c.z', '.z', 'az'])).toEqual(['a.b/c.z', 'az'])
    expect(matching(['*'], ['.hidden', 'a/b'])).toEqual(['.hidden', 'a/b'])
  })

  it('compares plain names exactly, and case only when asked', () => {
    expect(matching(['web01', 'DB01'], ['WEB01', 'db01', 'web011'])).toEqual(['WEB01', 'db01'])
    expect(matching(['web01', 'web*2'], ['WEB01', 'web01', 'WEB02', 'web02'], false)).toEqual(['web01', 'web02'])
  })

  it('treats regex and extglob syntax as text', () => {
    expect(matching(['a+b*'], ['a+b1', 'aab1'])).toEqual(['a+b1'])
    expect(matching(['!web*'], ['web01', 'db01', '!web01'])).toEqual(['!web01'])
    expect(matching(['@(a|b)*'], ['a1', '@(a|b)1'])).toEqual(['@(a|b)1'])
  })

  it('matches none of an empty list', () => {
    expect(matching([], ['web01'])).toEqual([])
  })

  // picomatch compiles `*a*a*...*b` into lazy `[^/]*?` runs that backtrack polynomially: with 12 stars
  // a 60-character name takes hours. RE2 answers in one pass; nothing here is timed.
  it.each([
    ['*a*a*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(1000), false],
    ['*a*a*a*a*a*a*a*a*a*a*a*a*b', `${'a'.repeat(1000)}b`, true],
    ['*?*?*?*?*?*?*?*?*?*?*?*?!', 'x'.repeat(1000), false],
    ['{a,a}{a,a}{a,a}{a,a}{a,a}*b', 'a'.repeat(1000), false],
  ])('matches %s against a long name without backtracking', (glob, name, expected) => {
    expect(globMatcher([glob])(name)).toBe(expected)
  })
})
