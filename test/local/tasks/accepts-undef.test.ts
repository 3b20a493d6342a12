import { describe, expect, it } from 'vitest'
import { acceptsUndef } from '../../../src/local/tasks/accepts-undef.js'
import { parsePuppetType } from '../../../src/local/tasks/parse-puppet-type.js'

describe('acceptsUndef', () => {
  it('is true for types that may be left out and false for the rest, unknown types included', () => {
    for (const type of ['Any', 'Undef', 'Data', 'Optional[String]', 'Variant[Integer, Undef]']) expect(acceptsUndef(parsePuppetType(type)), type).toBe(true)
    for (const type of ['String', 'NotUndef', 'Variant[Integer, String]', 'Scalar', 'Stdlib::Absolutepath']) expect(acceptsUndef(parsePuppetType(type)), type).toBe(false)
  })
})
