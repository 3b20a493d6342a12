import { describe, expect, it } from 'vitest'
import { getPath } from '../../src/inventory/get-path.js'

describe('getPath', () => {
  const facts = { os: { family: 'Debian', release: { major: '12' } }, disks: [{ size: 10 }], flag: false }

  it('walks nested objects', () => {
    expect(getPath(facts, 'os.release.major')).toBe('12')
    expect(getPath(facts, 'flag')).toBe(false)
  })

  it('indexes arrays by whole-number segments', () => {
    expect(getPath(facts, 'disks.0.size')).toBe(10)
  })

  it('returns undefined for missing steps and non-objects', () => {
    expect(getPath(facts, 'os.kernel')).toBeUndefined()
    expect(getPath(facts, 'os.family.length')).toBeUndefined()
    expect(getPath(undefined, 'os')).toBeUndefined()
  })

  it('never reads the prototype chain', () => {
    expect(getPath({}, 'constructor')).toBeUndefined()
    expect(getPath({ a: {} }, 'a.__proto__')).toBeUndefined()
  })
})
