// AppendQueue: appends that come while a statement runs go into the next one
// together, each still told how many of its own entries were new.
import { describe, expect, it } from 'vitest'
import type { JournalEntry } from 'capstan'
import { rejection } from '@capstan/test-support/async'
import { AppendQueue } from '../src/append-queue.js'

const note = (id: string): JournalEntry => ({ id, node: 'web01', time: '2026-01-01T00:00:00.000Z', kind: 'note', source: 'host', summary: id, body: {} })

/** A writer over a Set, as the table with its unique id: records each statement's ids. */
function fakeTable(fail?: (entry: JournalEntry) => boolean) {
  const stored = new Set<string>()
  const statements: string[][] = []
  const write = async (entries: readonly JournalEntry[]) => {
    statements.push(entries.map((e) => e.id))
    await new Promise((resolve) => setImmediate(resolve))
    if (fail !== undefined && entries.some(fail)) throw new Error('bad entry')
    const added = new Set<string>()
    for (const entry of entries) {
      if (stored.has(entry.id)) continue
      stored.add(entry.id)
      added.add(entry.id)
    }
    return added
  }
  return { stored, statements, write }
}

describe('AppendQueue', () => {
  it('merges the appends that wait into one statement, each counting its own new entries', async () => {
    const table = fakeTable()
    const queue = new AppendQueue(table.write, 100)
    const counts = await Promise.all([queue.append([note('a')], undefined), queue.append([note('b'), note('a')], undefined), queue.append([note('c'), note('c')], undefined), queue.append([note('a'), note('d')], undefined)])
    // The first runs alone; the three that came meanwhile share the next statement.
    expect(table.statements).toEqual([['a'], ['b', 'a', 'c', 'c', 'a', 'd']])
    expect(counts).toEqual([1, 1, 1, 1])
    expect([...table.stored]).toEqual(['a', 'b', 'c', 'd'])
  })

  it('puts at most batchSize entries in a statement', async () => {
    const table = fakeTable()
    const queue = new AppendQueue(table.write, 3)
    await Promise.all(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => queue.append([note(id)], undefined)))
    expect(table.statements.map((s) => s.length)).toEqual([1, 3, 3])
  })

  it('when a merged statement fails, writes its appends one by one: only the bad one fails', async () => {
    const table = fakeTable((entry) => entry.id === 'bad')
    const queue = new AppendQueue(table.write, 100)
    const first = queue.append([note('a')], undefined)
    const results = await Promise.allSettled([queue.append([note('b')], undefined), queue.append([note('bad')], undefined), queue.append([note('c')], undefined)])
    expect(await first).toBe(1)
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect([...table.stored]).toEqual(['a', 'b', 'c'])
  })

  it('refuses a waiting append whose signal aborts before its statement, as CANCELLED', async () => {
    const table = fakeTable()
    const queue = new AppendQueue(table.write, 100)
    const stop = new AbortController()
    const first = queue.append([note('a')], undefined)
    const second = queue.append([note('b')], stop.signal)
    stop.abort()
    await rejection(second, 'CANCELLED')
    expect(await first).toBe(1)
    expect([...table.stored]).toEqual(['a'])
  })
})
