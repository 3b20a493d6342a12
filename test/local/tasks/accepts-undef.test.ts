import { puppetTypeAcceptsUndef } from 'capstan/plugin-kit'
import { describe, expect, it } from 'vitest'
import { acceptsUndef } from '../../../src/local/tasks/accepts-undef.js'
import { parsePuppetType } from '../../../src/local/tasks/parse-puppet-type.js'

describe('acceptsUndef', () => {
  it('is true for types that may be left out and false for the rest, unknown types included', () => {
    for (const type of ['Any', 'Undef', 'Data', 'Optional[String]', 'Variant[Integer, Undef]']) expect(acceptsUndef(parsePuppetType(type)), type).toBe(true)
    for (const type of ['String', 'NotUndef', 'Variant[Integer, String]', 'Scalar', 'Stdlib::Absolutepath']) expect(acceptsUndef(parsePuppetType(type)), type).toBe(false)
  })
})

describe('puppetTypeAcceptsUndef', () => {
  it.each([
    [undefined, true],
    ['Optional[String]', true],
    ['Optional', true],
    ['Any', true],
    ['Undef', true],
    ['Data', true],
    ['RichData', true],
    ['Variant[Integer, Optional[String]]', true],
    [' Variant[ Enum[a, b] , Undef ] ', true],
    ['String[1]', false],
    ['Optional2', false],
    ['Integer[1,5]', false],
    ['Variant[String, Integer]', false],
    ['NotUndef', false],
    ['Hash[String, Optional[String]]', false],
    ['Stdlib::Absolutepath', false],
  ])('%s → %s', (type, expected) => {
    expect(puppetTypeAcceptsUndef(type)).toBe(expected)
  })

  it.each(['Enum[Undef, x]', 'Optional[', 'Variant[Undef'])('needs a value for %s, which is not a type expression, instead of throwing', (type) => {
    expect(puppetTypeAcceptsUndef(type)).toBe(false)
  })
})
