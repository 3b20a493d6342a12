import { describe, expect, it } from 'vitest'
import { isCapstanError } from '../../../src/errors/index.js'
import { SlotPool } from '../../../src/execution/queue/slot-pool.js'

describe('SlotPool', () => {
  it('grants weights while they fit and takes them together', () => {
    const pool = new SlotPool(5)
    expect(pool.canGrant(3)).toBe(true)
    pool.take(3)
    expect(pool.canGrant(2)).toBe(true)
    expect(pool.canGrant(3)).toBe(false)
    expect(() => pool.take(3)).toThrow(RangeError)
    expect(pool.inUse).toBe(3)
    pool.release(3)
    expect(pool.inUse).toBe(0)
  })

  it('clamps a weight above the capacity: it fits only an empty pool, and holds its full weight', () => {
    const pool = new SlotPool(4)
    pool.take(1)
    expect(pool.canGrant(10)).toBe(false)
    pool.release(1)
    expect(pool.canGrant(10)).toBe(true)
    pool.take(10)
    expect(pool.inUse).toBe(10)
    expect(pool.canGrant(1)).toBe(false)
  })

  it('lowering the capacity keeps holders and admits nothing until enough is released', () => {
    const pool = new SlotPool(4)
    pool.take(4)
    pool.capacity = 2
    expect(pool.inUse).toBe(4)
    pool.release(2)
    expect(pool.canGrant(1)).toBe(false)
    pool.release(1)
    expect(pool.canGrant(1)).toBe(true)
    expect(pool.canGrant(2)).toBe(false)
  })

  it('raising the capacity makes room at once', () => {
    const pool = new SlotPool(1)
    pool.take(1)
    pool.capacity = 3
    expect(pool.canGrant(2)).toBe(true)
  })

  it('accepts Infinity as "count only"', () => {
    const pool = new SlotPool(Infinity)
    pool.take(1_000_000)
    expect(pool.canGrant(1_000_000)).toBe(true)
  })

  it('rejects a capacity that is not an integer >= 1 with CONFIG_ERROR', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => new SlotPool(bad)).toThrow(expect.objectContaining({ code: 'CONFIG_ERROR' }))
    }
    const pool = new SlotPool(2)
    let error: unknown
    try {
      pool.capacity = 0
    } catch (e) {
      error = e
    }
    expect(isCapstanError(error, 'CONFIG_ERROR')).toBe(true)
    expect(pool.capacity).toBe(2)
  })

  it('refuses to release more than is held', () => {
    const pool = new SlotPool(3)
    pool.take(1)
    expect(() => pool.release(2)).toThrow(RangeError)
    expect(pool.inUse).toBe(1)
  })
})
