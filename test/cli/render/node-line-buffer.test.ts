import { describe, expect, it } from 'vitest'
import { NodeLineBuffer } from '../../../src/cli/render/index.js'

describe('NodeLineBuffer', () => {
  it('returns whole lines and keeps a partial line until the rest arrives', () => {
    const buffer = new NodeLineBuffer()
    expect(buffer.push('web01', 'stdout', 'hel')).toEqual([])
    expect(buffer.push('web01', 'stdout', 'lo\nwor')).toEqual([{ node: 'web01', stream: 'stdout', text: 'hello' }])
    expect(buffer.push('web01', 'stdout', 'ld\n\n')).toEqual([
      { node: 'web01', stream: 'stdout', text: 'world' },
      { node: 'web01', stream: 'stdout', text: '' },
    ])
    expect(buffer.flush('web01')).toEqual([])
  })

  it('keeps nodes and streams apart', () => {
    const buffer = new NodeLineBuffer()
    buffer.push('web01', 'stdout', 'a1')
    buffer.push('web01', 'stderr', 'e1')
    buffer.push('web02', 'stdout', 'b1')
    expect(buffer.push('web02', 'stdout', '\n')).toEqual([{ node: 'web02', stream: 'stdout', text: 'b1' }])
    expect(buffer.flush('web01')).toEqual([
      { node: 'web01', stream: 'stdout', text: 'a1' },
      { node: 'web01', stream: 'stderr', text: 'e1' },
    ])
    expect(buffer.flushAll()).toEqual([])
  })

  it('treats \\r\\n as one line break, even when split across chunks', () => {
    const buffer = new NodeLineBuffer()
    expect(buffer.push('n', 'stdout', 'one\r')).toEqual([])
    expect(buffer.push('n', 'stdout', '\ntwo\r\n')).toEqual([
      { node: 'n', stream: 'stdout', text: 'one' },
      { node: 'n', stream: 'stdout', text: 'two' },
    ])
  })

  it('emits a partial line that grows past the limit, so memory stays bounded', () => {
    const buffer = new NodeLineBuffer(10)
    expect(buffer.push('n', 'stdout', '12345')).toEqual([])
    expect(buffer.push('n', 'stdout', '67890ab')).toEqual([{ node: 'n', stream: 'stdout', text: '1234567890ab' }])
    expect(buffer.flushAll()).toEqual([])
  })
})
