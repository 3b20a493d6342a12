import { puppetTypeAcceptsUndef } from 'capstan/plugin-kit'
import { describe, expect, it } from 'vitest'

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
