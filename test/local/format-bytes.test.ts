import { describe, expect, it } from 'vitest'
import { formatBytes } from '../../src/local/format-bytes.js'

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [512, '512 bytes'],
    [1024, '1.00 KiB'],
    [25276514304, '23.54 GiB'],
    [2190966784, '2.04 GiB'],
    [5 * 1024 ** 4, '5.00 TiB'],
  ])('%i bytes print as %s, as Facter prints them', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })
})
