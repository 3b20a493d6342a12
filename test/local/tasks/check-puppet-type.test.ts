import { describe, expect, it } from 'vitest'
import { checkPuppetType } from '../../../src/local/tasks/check-puppet-type.js'
import { parsePuppetType } from '../../../src/local/tasks/parse-puppet-type.js'

const check = (type: string, value: unknown) => checkPuppetType(parsePuppetType(type), value)

describe('checkPuppetType', () => {
  it('String with length bounds, counting characters not bytes', () => {
    expect(check('String', '')).toBe(true)
    expect(check('String', 3)).toBe(false)
    expect(check('String[1]', '')).toBe(false)
    expect(check('String[1, 2]', 'ab')).toBe(true)
    expect(check('String[1, 2]', 'abc')).toBe(false)
    expect(check('String[2, 2]', 'é😀')).toBe(true)
  })

  it('Integer, Float and Numeric with ranges', () => {
    expect(check('Integer', 3)).toBe(true)
    expect(check('Integer', 3.5)).toBe(false)
    expect(check('Integer', '3')).toBe(false)
    expect(check('Integer[1, 10]', 0)).toBe(false)
    expect(check('Integer[1, 10]', 10)).toBe(true)
    expect(check('Float', 2.5)).toBe(true)
    expect(check('Float', 2)).toBe(true)
    expect(check('Float[0, 1]', 1.5)).toBe(false)
    expect(check('Numeric', -1)).toBe(true)
    expect(check('Numeric', '1')).toBe(false)
  })

  it('Boolean, Undef, Any, Data, Scalar', () => {
    expect(check('Boolean', false)).toBe(true)
    expect(check('Boolean', 'false')).toBe(false)
    expect(check('Undef', null)).toBe(true)
    expect(check('Undef', undefined)).toBe(true)
    expect(check('Undef', 0)).toBe(false)
    expect(check('Any', { a: [1] })).toBe(true)
    expect(check('Data', { a: [1, 'x', null, { b: true }] })).toBe(true)
    expect(check('Data', new Date())).toBe(false)
    expect(check('Scalar', 'x')).toBe(true)
    expect(check('Scalar', [1])).toBe(false)
    expect(check('ScalarData', null)).toBe(false)
  })

  it('Array and Tuple', () => {
    expect(check('Array', [1, 'a'])).toBe(true)
    expect(check('Array', 'a')).toBe(false)
    expect(check('Array[String]', ['a', 'b'])).toBe(true)
    expect(check('Array[String]', ['a', 1])).toBe(false)
    expect(check('Array[Integer, 1]', [])).toBe(false)
    expect(check('Array[Integer, 0, 2]', [1, 2, 3])).toBe(false)
    expect(check('Tuple[String, Integer]', ['a', 1])).toBe(true)
    expect(check('Tuple[String, Integer]', [1, 'a'])).toBe(false)
    expect(check('Tuple[String, Integer]', ['a', 1, 2])).toBe(false)
    expect(check('Tuple[String, Integer, 1]', ['a', 1, 2, 3])).toBe(true)
  })

  it('Hash and Struct', () => {
    expect(check('Hash', { a: 1 })).toBe(true)
    expect(check('Hash', [])).toBe(false)
    expect(check('Hash', null)).toBe(false)
    expect(check('Hash[String, Integer]', { a: 1 })).toBe(true)
    expect(check('Hash[String, Integer]', { a: '1' })).toBe(false)
    expect(check('Hash[Enum[a, b], Integer]', { c: 1 })).toBe(false)
    expect(check('Hash[String, Any, 1]', {})).toBe(false)
    const struct = 'Struct[{name => String, Optional[port] => Integer, tag => Optional[String]}]'
    expect(check(struct, { name: 'x' })).toBe(true)
    expect(check(struct, { name: 'x', port: 80, tag: null })).toBe(true)
    expect(check(struct, { port: 80 })).toBe(false)
    expect(check(struct, { name: 'x', port: '80' })).toBe(false)
    expect(check(struct, { name: 'x', extra: 1 })).toBe(false)
  })

  it('Optional, NotUndef, Variant', () => {
    expect(check('Optional[String]', undefined)).toBe(true)
    expect(check('Optional[String]', null)).toBe(true)
    expect(check('Optional[String]', 'x')).toBe(true)
    expect(check('Optional[String]', 1)).toBe(false)
    expect(check('NotUndef', null)).toBe(false)
    expect(check('NotUndef', 0)).toBe(true)
    expect(check('Variant[String, Integer]', 1)).toBe(true)
    expect(check('Variant[String, Integer]', 'x')).toBe(true)
    expect(check('Variant[String, Integer]', true)).toBe(false)
  })

  it('Enum, case-sensitive unless flagged, and Pattern matching anywhere', () => {
    expect(check('Enum[hello, hi]', 'hi')).toBe(true)
    expect(check('Enum[hello, hi]', 'Hi')).toBe(false)
    expect(check('Enum[hello, hi]', 'hey')).toBe(false)
    expect(check('Enum[hello, hi, true]', 'HELLO')).toBe(true)
    expect(check('Enum[a]', 1)).toBe(false)
    expect(check('Pattern[/^\\d+$/]', '123')).toBe(true)
    expect(check('Pattern[/^\\d+$/]', '12a')).toBe(false)
    expect(check('Pattern[/b/, /z/]', 'abc')).toBe(true)
    expect(check('Pattern[/b/]', 1)).toBe(false)
  })

  it('accepts anything for a type it does not know', () => {
    expect(check('Stdlib::Absolutepath', 'relative')).toBe(true)
    expect(check('Array[Stdlib::Port]', [1, 'x'])).toBe(true)
  })
})
