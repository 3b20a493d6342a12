import { describe, expect, it } from 'vitest'
import { isCapstanError } from 'capstan'
import { parsePuppetType } from '../../../src/local/tasks/parse-puppet-type.js'

function parseError(text: string) {
  try {
    parsePuppetType(text)
  } catch (error) {
    if (isCapstanError(error, 'CONFIG_ERROR')) return error
    throw error
  }
  throw new Error(`expected "${text}" not to parse`)
}

describe('parsePuppetType', () => {
  it('reads scalar types with and without bounds; default and absence mean unbounded', () => {
    expect(parsePuppetType('String')).toEqual({ name: 'String', min: 0, max: Infinity })
    expect(parsePuppetType('String[1]')).toEqual({ name: 'String', min: 1, max: Infinity })
    expect(parsePuppetType('String[1, 10]')).toEqual({ name: 'String', min: 1, max: 10 })
    expect(parsePuppetType('Integer[default, 5]')).toEqual({ name: 'Integer', min: -Infinity, max: 5 })
    expect(parsePuppetType('Integer[-3]')).toEqual({ name: 'Integer', min: -3, max: Infinity })
    expect(parsePuppetType('Float[0.5, 1.5]')).toEqual({ name: 'Float', min: 0.5, max: 1.5 })
    expect(parsePuppetType('Numeric')).toEqual({ name: 'Numeric', min: -Infinity, max: Infinity })
    expect(parsePuppetType('Boolean')).toEqual({ name: 'Boolean' })
    for (const name of ['Any', 'Undef', 'Data', 'Scalar', 'ScalarData']) expect(parsePuppetType(name)).toEqual({ name })
  })

  it('reads collections', () => {
    expect(parsePuppetType('Array')).toEqual({ name: 'Array', of: { name: 'Any' }, min: 0, max: Infinity })
    expect(parsePuppetType('Array[String, 1, 3]')).toEqual({ name: 'Array', of: { name: 'String', min: 0, max: Infinity }, min: 1, max: 3 })
    expect(parsePuppetType('Hash')).toEqual({ name: 'Hash', key: { name: 'Any' }, value: { name: 'Any' }, min: 0, max: Infinity })
    expect(parsePuppetType('Hash[String, Integer]')).toMatchObject({ name: 'Hash', key: { name: 'String' }, value: { name: 'Integer' } })
    expect(parsePuppetType('Tuple[String, Integer]')).toMatchObject({ name: 'Tuple', min: 2, max: 2 })
    expect(parsePuppetType('Tuple[String, Integer, 1]')).toMatchObject({ name: 'Tuple', min: 1, max: Infinity })
  })

  it('reads Struct keys, with Optional[key] and Optional values marking optional keys', () => {
    expect(parsePuppetType("Struct[{name => String, 'port' => Optional[Integer], Optional[mode] => String, NotUndef[id] => Optional[Integer]}]")).toEqual({
      name: 'Struct',
      fields: [
        { key: 'name', optional: false, type: { name: 'String', min: 0, max: Infinity } },
        { key: 'port', optional: true, type: { name: 'Optional', of: { name: 'Integer', min: -Infinity, max: Infinity } } },
        { key: 'mode', optional: true, type: { name: 'String', min: 0, max: Infinity } },
        { key: 'id', optional: false, type: { name: 'Optional', of: { name: 'Integer', min: -Infinity, max: Infinity } } },
      ],
    })
  })

  it('reads Optional, NotUndef, Variant, Enum with barewords and quotes, and Pattern', () => {
    expect(parsePuppetType('Optional[Enum[hello, hi]]')).toEqual({ name: 'Optional', of: { name: 'Enum', values: ['hello', 'hi'], caseInsensitive: false } })
    expect(parsePuppetType("Enum['a b', \"c\\\"d\", e_f]")).toEqual({ name: 'Enum', values: ['a b', 'c"d', 'e_f'], caseInsensitive: false })
    expect(parsePuppetType('Enum[yes, no, true]')).toEqual({ name: 'Enum', values: ['yes', 'no'], caseInsensitive: true })
    expect(parsePuppetType('Variant[String, Integer]')).toMatchObject({ name: 'Variant', of: [{ name: 'String' }, { name: 'Integer' }] })
    expect(parsePuppetType('NotUndef[String]')).toMatchObject({ name: 'NotUndef', of: { name: 'String' } })
    const pattern = parsePuppetType('Pattern[/^a\\/b$/, "^x"]')
    expect(pattern.name === 'Pattern' && pattern.patterns.map((p) => p.source)).toEqual(['^a\\/b$', '^x'])
  })

  it('keeps a type it does not know as Unknown, with its name, and accepts a trailing comma', () => {
    expect(parsePuppetType('Stdlib::Absolutepath')).toEqual({ name: 'Unknown', typeName: 'Stdlib::Absolutepath' })
    expect(parsePuppetType('Optional[Sensitive[String]]')).toEqual({ name: 'Optional', of: { name: 'Unknown', typeName: 'Sensitive' } })
    expect(parsePuppetType('Enum[a, b,]')).toMatchObject({ values: ['a', 'b'] })
  })

  it('refuses malformed types with CONFIG_ERROR giving the type and position', () => {
    const error = parseError('String[1')
    expect(error.message).toContain('Invalid Puppet type "String[1"')
    expect(error.details).toMatchObject({ type: 'String[1' })
    expect(parseError('string').message).toContain('expected a type name')
    expect(parseError('String]').details).toMatchObject({ position: 6 })
    expect(parseError('Integer[a]').message).toContain('bounds must be numbers')
    expect(parseError('Enum[]').message).toContain('at least one value')
    expect(parseError('Pattern[/(/]').message).toContain('not supported')
    expect(parseError("Enum['open").message).toContain('unterminated string')
    expect(parseError('Struct[String]').message).toContain('Struct takes one')
  })
})
