import { describe, expect, it } from 'vitest'
import { StringTable } from '../../src/inventory/string-table.js'

describe('StringTable', () => {
  it('gets what was set, and nothing for keys never set', () => {
    const table = new StringTable<number>(4)
    table.set('a', 1).set('b', 2)
    expect(table.get('a')).toBe(1)
    expect(table.get('b')).toBe(2)
    expect(table.get('c')).toBeUndefined()
    expect(table.has('a')).toBe(true)
    expect(table.has('c')).toBe(false)
    expect(table.size).toBe(2)
  })

  it('overwrites with set and keeps the first value with setIfAbsent', () => {
    const table = new StringTable<string | null>(1)
    expect(table.setIfAbsent('k', 'first')).toBeUndefined()
    expect(table.setIfAbsent('k', 'second')).toBe('first')
    expect(table.get('k')).toBe('first')
    table.set('k', null)
    expect(table.get('k')).toBeNull()
    expect(table.has('k')).toBe(true)
    expect(table.size).toBe(1)
  })

  it('tells the empty string and near-identical keys apart', () => {
    const table = new StringTable<number>(2)
    table.set('', 0).set('ab', 1).set('ba', 2).set('a\u0000b', 3)
    expect([table.get(''), table.get('ab'), table.get('ba'), table.get('a\u0000b')]).toEqual([0, 1, 2, 3])
  })

  it('agrees with Map over many more keys than it was sized for', () => {
    const table = new StringTable<number>(8)
    const reference = new Map<string, number>()
    let state = 12345
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0)
    for (let i = 0; i < 20_000; i++) {
      const key = `node-${next() % 5000}.lab`
      const value = next()
      if (i % 3 === 0) {
        expect(table.setIfAbsent(key, value)).toBe(reference.get(key))
        if (!reference.has(key)) reference.set(key, value)
      } else {
        table.set(key, value)
        reference.set(key, value)
      }
    }
    expect(table.size).toBe(reference.size)
    for (const [key, value] of reference) expect(table.get(key)).toBe(value)
    for (let i = 0; i < 1000; i++) expect(table.has(`absent-${i}`)).toBe(false)
  })
})
