import { describe, expect, it } from 'vitest'
import { isGlob, parseGlob } from '../../src/patterns/parse-glob.js'

describe('parseGlob', () => {
  it.each([
    ['web*', 'web.*'],
    ['web0?', 'web0.'],
    ['***', '.*'],
    ['10.0.0.*', '10\\.0\\.0\\..*'],
    ['db-[0-9]*', 'db-[\\x{30}-\\x{39}].*'],
    ['[!a-c]x', '[^\\x{61}-\\x{63}]x'],
    ['[^a]x', '[^\\x{61}]x'],
    ['[]a]', '[\\x{5d}\\x{61}]'],
    ['[a-]', '[\\x{61}\\x{2d}]'],
    ['[\\]]', '[\\x{5d}]'],
    ['[z-a]x', '[^\\x{0}-\\x{10FFFF}]x'],
    ['{web,db}0?', '(?:web|db)0.'],
    ['x{a,{b,c}*}', 'x(?:a|(?:b|c).*)'],
    ['{a,}', '(?:a|)'],
    ['{[,],b}', '(?:[\\x{2c}]|b)'],
    ['a(b)+|c^$*', 'a\\(b\\)\\+\\|c\\^\\$.*'],
    ['😀?[😀-😂]', '😀.[\\x{1f600}-\\x{1f602}]'],
  ])('reads %s as the RE2 expression %s', (glob, source) => {
    expect(parseGlob(glob)).toEqual({ source })
  })

  it.each([
    ['web01', 'web01'],
    ['web\\*01', 'web*01'],
    ['a\\', 'a\\'],
    ['{a}', '{a}'],
    ['{a,b', '{a,b'],
    ['[a', '[a'],
    ['[]', '[]'],
    ['!web01', '!web01'],
    ['@(web)', '@(web)'],
  ])('reads %s as the plain name %s', (glob, literal) => {
    expect(parseGlob(glob)).toEqual({ literal })
  })

  it('tells globs from plain names', () => {
    expect(['web*', 'web?', '[ab]1', '{a,b}', 'web01', '{a}', '[a', 'a\\*'].map(isGlob)).toEqual([true, true, true, true, false, false, false, false])
  })

  it('reads a 1,024-character glob of unclosed brackets and braces', () => {
    // Each unclosed `[` is scanned once, not once per enclosing brace: this stays quadratic at worst.
    const glob = `${'{['.repeat(300)}${'x,'.repeat(200)}`.slice(0, 1024)
    const parsed = parseGlob(glob)
    expect(parsed.literal ?? parsed.source).toBeDefined()
  })
})
