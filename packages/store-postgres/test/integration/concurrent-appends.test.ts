// Many appenders at once, each with a pool of its own (as separate processes
// would have): sequence numbers are taken in one process and committed in
// another's order only under the store's append lock, so a follower or a pager
// that reads while they write must still see every entry once, none skipped.
import { expect } from 'vitest'
import type { JournalEntry, JournalStore } from 'capstan'
import { openPostgresJournalStore } from '../../src/index.js'
import { needs } from '@capstan/test-support/requirement'
import { journalPostgres, testPool, testSchema } from './journal-postgres.js'

const { describe, it } = needs(journalPostgres)

const note = (id: string, node = 'web01'): JournalEntry => ({ id, node, time: new Date(Date.UTC(2026, 0, 1)).toISOString(), kind: 'note', source: 'host', summary: id, body: {} })

/** Every id, newest first, page by page. */
async function allIds(store: JournalStore, limit: number, between?: () => Promise<void>): Promise<string[]> {
  const ids: string[] = []
  let cursor: string | undefined
  do {
    const page = await store.query({ limit, ...(cursor === undefined ? {} : { cursor }) })
    ids.push(...page.entries.map((e) => e.id))
    cursor = page.nextCursor
    await between?.()
  } while (cursor !== undefined)
  return ids
}

describe('PostgreSQL journal store: concurrent appenders', () => {
  it('six pools appending small batches at once: a live follower and the pages see every entry once', { timeout: 60_000 }, async () => {
    const schema = testSchema()
    const stores = await Promise.all(Array.from({ length: 6 }, () => openPostgresJournalStore({ pool: testPool(3), schema, pollIntervalMs: 100 })))
    const [reader] = stores as [JournalStore]
    const { followCursor } = await reader.query({ limit: 1 })
    const perWriter = 200
    const total = stores.length * perWriter
    const stop = new AbortController()
    const followed: string[] = []
    const following = (async () => {
      for await (const { entry } of reader.follow({ cursor: followCursor, signal: stop.signal })) {
        followed.push(entry.id)
        if (followed.length === total) stop.abort()
      }
    })()
    // Three appends in flight per store at a time, batches of 1 to 4.
    await Promise.all(
      stores.flatMap((store, w) =>
        [0, 1, 2].map(async (lane) => {
          for (let n = lane; n < perWriter; ) {
            const batch: JournalEntry[] = []
            for (let size = 1 + (n % 4); size > 0 && n < perWriter; size -= 1, n += 3) batch.push(note(`w${w}-${n}`, `node-${n % 5}`))
            await store.append(batch)
          }
        }),
      ),
    )
    // Everything is written: the follower has it all at once, or within 10 s (a skipped entry never comes, and the checks below say which).
    const deadline = setTimeout(() => stop.abort(), 10_000)
    await following
    clearTimeout(deadline)
    const paged = await allIds(reader, 97)
    expect(followed).toHaveLength(total)
    expect(new Set(followed).size).toBe(total)
    // The follower's order is the append order, which paging gives newest first.
    expect(followed).toEqual([...paged].reverse())
    // Filtered pages by node hold every entry of the node once.
    const byNode = (await Promise.all(Array.from({ length: 5 }, (_, n) => reader.query({ node: `node-${n}`, limit: 1_000 })))).flatMap((page) => page.entries.map((e) => e.id))
    expect(new Set(byNode).size).toBe(total)
    await Promise.all(stores.map((store) => store.close()))
  })

  it('a cursor kept across 10,000 new appends still pages without gaps or repeats', { timeout: 60_000 }, async () => {
    const store = await openPostgresJournalStore({ pool: testPool(), schema: testSchema() })
    await store.append(Array.from({ length: 500 }, (_, n) => note(`old-${n}`)))
    const expected = Array.from({ length: 500 }, (_, n) => `old-${499 - n}`)
    let added = 0
    const paged: string[] = []
    let cursor: string | undefined
    do {
      const page = await store.query({ limit: 50, ...(cursor === undefined ? {} : { cursor }) })
      paged.push(...page.entries.map((e) => e.id))
      cursor = page.nextCursor
      // 1,000 new entries between pages, 10,000 in all.
      if (added < 10_000) {
        await store.append(Array.from({ length: 1_000 }, (_, n) => note(`new-${added + n}`)))
        added += 1_000
      }
    } while (cursor !== undefined)
    expect(added).toBe(10_000)
    expect(paged).toEqual(expected)
    await store.close()
  })

  it('concurrent appends of one store share statements, each told its own new count; a bad entry fails only its append', async () => {
    const store = await openPostgresJournalStore({ pool: testPool(4), schema: testSchema() })
    await store.append([note('seen')])
    const bad = { ...note('bad'), time: 'not a time' }
    const results = await Promise.allSettled([
      store.append([note('a'), note('seen')]),
      store.append([note('b'), note('a')]),
      store.append([bad]),
      store.append(Array.from({ length: 30 }, (_, n) => note(`x${n}`))),
    ])
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.appended : 'failed'))).toEqual([1, 1, 'failed', 30])
    const paged = await allIds(store, 100)
    expect(paged.reverse()).toEqual(['seen', 'a', 'b', ...Array.from({ length: 30 }, (_, n) => `x${n}`)])
    await store.close()
  })
})
