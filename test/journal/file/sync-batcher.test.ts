import { describe, expect, it } from 'vitest'
import { SyncBatcher } from '../../../src/journal/file/sync-batcher.js'

/** A sync that counts its calls and ends when the test says so. */
function controlledSync() {
  const ends: Array<() => void> = []
  let calls = 0
  return {
    sync: () => {
      calls += 1
      return new Promise<void>((resolve) => ends.push(resolve))
    },
    calls: () => calls,
    endNext: () => ends.shift()?.(),
  }
}

const turn = () => new Promise((resolve) => setImmediate(resolve))

describe('SyncBatcher', () => {
  it('lets requests made within one window share one sync, and those made while it runs share the next', async () => {
    const control = controlledSync()
    const batcher = new SyncBatcher(0, control.sync)
    const done: string[] = []
    const first = [1, 2, 3].map((n) => batcher.request().then(() => done.push(`a${n}`)))
    await turn()
    expect(control.calls()).toBe(1)
    const second = [1, 2].map((n) => batcher.request().then(() => done.push(`b${n}`)))
    await turn()
    expect(control.calls()).toBe(1)
    control.endNext()
    await Promise.all(first)
    expect(done).toEqual(['a1', 'a2', 'a3'])
    await turn()
    expect(control.calls()).toBe(2)
    control.endNext()
    await Promise.all(second)
    expect(done).toEqual(['a1', 'a2', 'a3', 'b1', 'b2'])
  })

  it('rejects the requests of a failed sync, and syncs again for later ones', async () => {
    let fail = true
    const batcher = new SyncBatcher(0, async () => {
      if (fail) throw new Error('EIO')
    })
    await expect(batcher.request()).rejects.toThrow('EIO')
    fail = false
    await expect(batcher.request()).resolves.toBeUndefined()
  })

  it('flush starts a waiting sync at once instead of after the window', async () => {
    const control = controlledSync()
    const batcher = new SyncBatcher(60_000, control.sync)
    const request = batcher.request()
    expect(control.calls()).toBe(0)
    const flushed = batcher.flush()
    expect(control.calls()).toBe(1)
    control.endNext()
    await flushed
    await request
  })
})
