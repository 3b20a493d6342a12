import { describe, expect, it } from 'vitest'
import { isPql, pql } from '../../src/query/index.js'

describe('pql', () => {
  it('keeps the text exactly as written', () => {
    const text = 'inventory[certname, facts.os.name]{ facts.os.family = "RedHat" order by certname limit 4 }'
    expect(pql(text)).toEqual({ pql: text })
  })

  it('isPql tells PQL from entity targets and AST arrays', () => {
    expect(isPql(pql('nodes {}'))).toBe(true)
    expect(isPql({ pql: 'nodes {}' })).toBe(true)
    expect(isPql({ entity: 'nodes' })).toBe(false)
    expect(isPql(['from', 'nodes'])).toBe(false)
    expect(isPql({ pql: 42 })).toBe(false)
    expect(isPql(null)).toBe(false)
  })
})
