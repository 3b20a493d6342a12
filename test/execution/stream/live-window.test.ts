import { describe, expect, it } from 'vitest'
import { LiveWindow } from '../../../src/execution/stream/live-window.js'
import type { OutputEntry } from '../../../src/execution/stream/output-entry.js'

function entry(seq: number, bytes: number): OutputEntry {
  const chunk = 'x'.repeat(bytes)
  return { event: { executionId: 'e', seq, timestamp: '', type: 'node:output', node: 'n', stream: 'stdout', chunk }, key: 'stdout:n', bytes, endOffset: 0 }
}

describe('LiveWindow', () => {
  it('keeps absolute indices and byte counts as entries come and go', () => {
    const window = new LiveWindow()
    for (let i = 0; i < 5; i++) window.append(entry(i, i + 1))
    expect(window.bytes).toBe(15)
    expect(window.shift()?.event.seq).toBe(0)
    expect(window.headIndex).toBe(1)
    expect(window.tailIndex).toBe(5)
    expect(window.at(0)).toBeUndefined()
    expect(window.at(3)?.event.seq).toBe(3)
    expect(window.bytesFrom(3)).toBe(9)
    expect(window.bytesFrom(0)).toBe(14)
    expect(window.bytesFrom(5)).toBe(0)
    expect(window.newest?.event.seq).toBe(4)
  })

  it('stays correct across compaction of spent slots', () => {
    const window = new LiveWindow()
    for (let i = 0; i < 5000; i++) {
      window.append(entry(i, 1))
      if (i % 3 !== 0) window.shift()
    }
    expect(window.size).toBe(5000 - window.headIndex)
    expect(window.at(window.headIndex)?.event.seq).toBe(window.headIndex)
    expect(window.at(4999)?.event.seq).toBe(4999)
    expect(window.bytes).toBe(window.size)
  })
})
