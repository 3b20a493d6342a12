import { describe, expect, it } from 'vitest'
import { inputLimits } from '../../src/capabilities/models/input-limits.js'
import { compileLinearRegex, type LinearRegex } from '../../src/patterns/linear-regex.js'

function compiled(source: string, options?: Parameters<typeof compileLinearRegex>[1]): LinearRegex {
  const { regex, problem } = compileLinearRegex(source, options)
  if (regex === undefined) throw new Error(`expected ${source} to compile: ${problem}`)
  return regex
}

describe('compileLinearRegex', () => {
  it('tests unanchored, like RegExp.prototype.test', () => {
    expect(compiled('deb').test('Debian')).toBe(false)
    expect(compiled('ebi').test('Debian')).toBe(true)
    expect(compiled('^Deb').test('Debian')).toBe(true)
    expect(compiled('^(Debian|RedHat)$').test('RedHat')).toBe(true)
    expect(compiled('^(Debian|RedHat)$').test('RedHat 9')).toBe(false)
  })

  it('reads RE2 syntax: \\d, classes, counted repeats, \\x{...}, inline flags', () => {
    expect(compiled('^web\\d{2}\\.example\\.com$').test('web07.example.com')).toBe(true)
    expect(compiled('^[a-f0-9]{4}$').test('be7a')).toBe(true)
    expect(compiled('^caf\\x{e9}$').test('café')).toBe(true)
    expect(compiled('(?i)^debian$').test('DEBIAN')).toBe(true)
    expect(compiled('(?s)^a.b$').test('a\nb')).toBe(true)
    expect(compiled('^a.b$').test('a\nb')).toBe(false)
    expect(compiled('^\\pL+$').test('Ünïcödé')).toBe(true)
  })

  it('takes the case and dot options as flags', () => {
    expect(compiled('^debian$', { caseInsensitive: true }).test('Debian')).toBe(true)
    expect(compiled('^a.b$', { dotAll: true }).test('a\nb')).toBe(true)
  })

  it.each([
    ['(a)\\1', 'backreferences such as \\1 are not supported (RE2 syntax)'],
    ['(?<n>a)\\k<n>', 'backreferences such as \\k are not supported (RE2 syntax)'],
    ['^web(?=01)', 'lookahead (?=…) is not supported (RE2 syntax)'],
    ['^web(?!01)', 'lookahead (?!…) is not supported (RE2 syntax)'],
    ['(?<=web)01', 'lookbehind (?<=…) is not supported (RE2 syntax)'],
    ['(?<!web)01', 'lookbehind (?<!…) is not supported (RE2 syntax)'],
    ['caf\\u00e9', 'the escape \\u is not supported: write \\x{00e9} for a code point (RE2 syntax)'],
    ['(', 'invalid regular expression (RE2 syntax): missing closing ) in `(`'],
    ['a**', 'invalid regular expression (RE2 syntax): invalid nested repetition operator in `**`'],
  ])('refuses %s, saying what is unsupported', (source, problem) => {
    expect(compileLinearRegex(source)).toEqual({ problem })
  })

  it(`refuses a program over inputLimits.regexInstructions (${inputLimits.regexInstructions}), naming its size`, () => {
    expect(compileLinearRegex('a{998}').regex).toBeDefined()
    expect(compileLinearRegex('a{1000}').problem).toMatch(/^too complex: compiles to 1002 RE2 instructions, at most 1000/)
    expect(compileLinearRegex('[a-z]{500}[0-9]{600}').problem).toMatch(/^too complex/)
    expect(compileLinearRegex('a{1000}', { maxInstructions: 2000 }).regex).toBeDefined()
  })

  // Each of these makes a backtracking engine try exponentially or polynomially many paths on
  // these texts (a RegExp takes minutes to years); RE2 answers in one pass. Nothing here is timed:
  // a backtracking engine would not return at all.
  it.each([
    ['^(a+)+$', `${'a'.repeat(5000)}!`, false],
    ['^(a+)+$', 'a'.repeat(5000), true],
    ['^(a|a)*$', `${'a'.repeat(5000)}!`, false],
    ['^(a|aa)+$', `${'a'.repeat(5000)}b`, false],
    ['(.*a){20}$', `${'a'.repeat(5000)}b`, false],
    ['^(\\w+\\s?)+$', `${'word '.repeat(1000)}!`, false],
    ['^.*a.*a.*a.*a.*a.*a.*a.*a.*a.*a.*a.*b$', 'a'.repeat(5000), false],
  ])('matches %s against a long text without backtracking', (source, text, expected) => {
    expect(compiled(source).test(text)).toBe(expected)
  })
})
