import { describe, expect, it } from 'vitest'
import { WaitList } from '../../../src/execution/queue/wait-list.js'

const values = (list: WaitList<string>): string[] => [...list].map((entry) => entry.value)

describe('WaitList', () => {
  it('orders by priority, highest first, FIFO within a priority, and reports the weight ahead', () => {
    const list = new WaitList<string>()
    expect(list.insert('a0', 1, 0).ahead).toBe(0)
    expect(list.insert('b0', 2, 0).ahead).toBe(1)
    expect(list.insert('c5', 4, 5).ahead).toBe(0)
    expect(list.insert('d1', 8, 1).ahead).toBe(4)
    expect(list.insert('e5', 16, 5).ahead).toBe(4)
    expect(list.insert('f0', 32, 0).ahead).toBe(31)
    expect(values(list)).toEqual(['c5', 'e5', 'd1', 'a0', 'b0', 'f0'])
    expect(list.size).toBe(6)
    expect(list.weight).toBe(63)
  })

  it('removes anywhere, once, and keeps the totals', () => {
    const list = new WaitList<string>()
    const a = list.insert('a', 1, 0).entry
    const b = list.insert('b', 2, 0).entry
    const c = list.insert('c', 4, 0).entry
    expect(list.remove(b)).toBe(true)
    expect(list.remove(b)).toBe(false)
    expect(values(list)).toEqual(['a', 'c'])
    list.remove(a)
    list.remove(c)
    expect(values(list)).toEqual([])
    expect(list.weight).toBe(0)
    expect(list.size).toBe(0)
    list.insert('d', 1, 0)
    expect(values(list)).toEqual(['d'])
  })

  it('lets the entry just yielded be removed while iterating', () => {
    const list = new WaitList<string>()
    for (const v of ['a', 'b', 'c', 'd']) list.insert(v, 1, 0)
    const seen: string[] = []
    for (const entry of list) {
      seen.push(entry.value)
      if (entry.value !== 'c') list.remove(entry)
    }
    expect(seen).toEqual(['a', 'b', 'c', 'd'])
    expect(values(list)).toEqual(['c'])
  })
})
