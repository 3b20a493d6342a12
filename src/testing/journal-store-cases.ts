import { isCapstanError, type JournalEntry, type JournalStore } from 'capstan'

/**
 * Closes a store and opens the same data again (a store that keeps its
 * entries across processes: a file, a database), returning the new store.
 */
export type ReopenJournalStore = (store: JournalStore) => Promise<JournalStore>

/**
 * One case of the journal store suite: `run` opens what it needs with `open`
 * and throws when the store is wrong. Pass `reopen` for a store whose data
 * outlives it: the cases about reopening run only with it (without it they
 * pass at once).
 */
export interface JournalStoreCase {
  name: string
  run(open: () => Promise<JournalStore>, reopen?: ReopenJournalStore | undefined): Promise<void>
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message)
}

const json = (value: unknown) => JSON.stringify(value)

/** An entry for the cases: node `web01`, kind `note`, at second `n` of 2026. */
function entry(n: number, overrides: Partial<JournalEntry> = {}): JournalEntry {
  return { id: `e${n}`, node: 'web01', time: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(), kind: 'note', source: 'host', summary: `entry ${n}`, body: { n }, ...overrides }
}

async function withStore(open: () => Promise<JournalStore>, use: (store: JournalStore) => Promise<void>): Promise<void> {
  const store = await open()
  try {
    await use(store)
  } finally {
    await store.close()
  }
}

async function allPages(store: JournalStore, limit: number, between?: (page: number) => Promise<void>, from?: string): Promise<string[]> {
  const ids: string[] = []
  let cursor: string | undefined = from
  for (let page = 0; page < 10_000; page += 1) {
    const result = await store.query({ limit, ...(cursor === undefined ? {} : { cursor }) })
    ids.push(...result.entries.map((e) => e.id))
    if (result.nextCursor === undefined) return ids
    cursor = result.nextCursor
    await between?.(page)
  }
  throw new Error('paging did not end within 10,000 pages')
}

/**
 * The suite every {@link JournalStore} passes: idempotent appends, filters,
 * newest-first cursor paging that stays without gaps or repeats while
 * entries arrive, cursors refused by another store, and following new
 * entries from a cursor, each once. Framework-agnostic: run each case in
 * your test runner with a function that opens a fresh, empty store.
 *
 * @example
 * ```ts
 * import { it } from 'vitest'
 * import { MemoryJournalStore } from 'capstan'
 * import { journalStoreCases } from 'capstan/testing'
 *
 * for (const c of journalStoreCases) it(c.name, () => c.run(async () => new MemoryJournalStore()))
 * ```
 *
 * A store whose data outlives it passes a second function, `reopen`
 * ({@link ReopenJournalStore}), for the cases about reopening.
 */
export const journalStoreCases: readonly JournalStoreCase[] = [
  {
    name: 'appends, gets an entry back as stored, and an id appended again is a no-op',
    run: (open) =>
      withStore(open, async (store) => {
        check((await store.append([entry(1), entry(2)])).appended === 2, 'two new entries count 2')
        check((await store.append([entry(1, { summary: 'changed' }), entry(3)])).appended === 1, 'a stored id is skipped, the new one counted')
        check(json(await store.get('e1')) === json(entry(1)), 'get returns the entry as first stored')
        check((await store.get('missing')) === undefined, 'get of an unknown id is undefined')
      }),
  },
  {
    name: 'queries newest first, filtered by node, nodes, kinds, execution, actor and time range',
    run: (open) =>
      withStore(open, async (store) => {
        await store.append([entry(1), entry(2, { node: 'db01' }), entry(3, { kind: 'execution', executionId: 'x1', actor: 'olga' }), entry(4)])
        const ids = async (query: Record<string, unknown>) => (await store.query({ limit: 50, ...query })).entries.map((e) => e.id).join(',')
        check((await ids({})) === 'e4,e3,e2,e1', 'newest first')
        check((await ids({ node: 'web01' })) === 'e4,e3,e1', 'by node')
        check((await ids({ nodes: ['db01', 'unknown'] })) === 'e2', 'by nodes')
        check((await ids({ nodes: ['web01', 'db01'], kinds: ['note'] })) === 'e4,e2,e1', 'by nodes and kind')
        check((await ids({ nodes: ['unknown'] })) === '', 'by nodes none of which has entries')
        check((await ids({ kinds: ['execution'] })) === 'e3', 'by kind')
        check((await ids({ executionId: 'x1', actor: 'olga' })) === 'e3', 'by execution and actor')
        check((await ids({ since: entry(2).time, until: entry(4).time })) === 'e3,e2', 'since inclusive, until exclusive')
      }),
  },
  {
    name: 'pages with a cursor without gaps or repeats, also while new entries arrive',
    run: (open) =>
      withStore(open, async (store) => {
        await store.append(Array.from({ length: 25 }, (_, i) => entry(i + 1)))
        const expected = Array.from({ length: 25 }, (_, i) => `e${25 - i}`)
        check(json(await allPages(store, 10)) === json(expected), 'three pages of 10, 10 and 5, newest first')
        let next = 1_000
        const paged = await allPages(store, 7, async () => {
          await store.append(Array.from({ length: 50 }, () => entry((next += 1))))
        })
        const old = paged.filter((id) => Number(id.slice(1)) <= 25)
        check(json(old) === json(expected), 'entries appended between pages neither shift nor repeat the older ones')
      }),
  },
  {
    name: 'refuses a cursor that is none, or of another store, naming the field',
    run: async (open) => {
      const other = await open()
      await other.append([entry(1), entry(2)])
      const foreign = (await other.query({ limit: 1 })).nextCursor
      await other.close()
      await withStore(open, async (store) => {
        for (const cursor of ['not-a-cursor', foreign ?? '']) {
          const error = await store.query({ limit: 5, cursor }).then(
            () => undefined,
            (e: unknown) => e,
          )
          check(isCapstanError(error, 'VALIDATION_ERROR') && error.details.field === 'cursor', `cursor ${JSON.stringify(cursor)} is a VALIDATION_ERROR naming cursor`)
        }
      })
    },
  },
  {
    name: 'follows entries appended after a cursor, each once, and resumes where it stopped',
    run: (open) =>
      withStore(open, async (store) => {
        await store.append([entry(1)])
        const { followCursor } = await store.query({ limit: 1 })
        await store.append([entry(2), entry(3)])
        const first = new AbortController()
        const seen: string[] = []
        let resume = followCursor
        for await (const { entry: e, cursor } of store.follow({ cursor: followCursor, signal: first.signal })) {
          seen.push(e.id)
          resume = cursor
          if (seen.length === 2) first.abort()
        }
        check(json(seen) === json(['e2', 'e3']), 'what was appended after the page, in order, each once')
        await store.append([entry(4), entry(5, { node: 'db01' })])
        const second = new AbortController()
        const later: string[] = []
        const following = (async () => {
          for await (const { entry: e } of store.follow({ cursor: resume, query: { node: 'web01' }, signal: second.signal })) {
            later.push(e.id)
            if (later.length === 2) second.abort()
          }
        })()
        await store.append([entry(6)])
        await following
        check(json(later) === json(['e4', 'e6']), 'resumed after e3, filtered by node, an entry appended while following included')
      }),
  },
  {
    name: 'a cursor kept across 10,000 new appends still pages without gaps or repeats, and follows each new entry once',
    run: (open) =>
      withStore(open, async (store) => {
        await store.append(Array.from({ length: 30 }, (_, i) => entry(i + 1)))
        const first = await store.query({ limit: 10 })
        check(first.nextCursor !== undefined, 'a first page of 10 among 30 has a next cursor')
        for (let batch = 0; batch < 10; batch += 1) await store.append(Array.from({ length: 1_000 }, (_, i) => entry(100_000 + batch * 1_000 + i, { node: i % 2 === 0 ? 'web01' : 'db01' })))
        const rest = await allPages(store, 7, undefined, first.nextCursor)
        check(json(rest) === json(Array.from({ length: 20 }, (_, i) => `e${20 - i}`)), 'the kept cursor pages through the 20 older entries, none new, none twice')
        const stop = new AbortController()
        const followed: string[] = []
        for await (const { entry: e } of store.follow({ cursor: first.followCursor, signal: stop.signal })) {
          followed.push(e.id)
          if (followed.length === 10_000) stop.abort()
        }
        check(json(followed) === json(Array.from({ length: 10_000 }, (_, i) => `e${100_000 + i}`)), 'following from the first page gives the 10,000 new entries in order, each once')
      }),
  },
  {
    name: 'keeps entries, ids and cursors across reopening (stores whose data outlives them)',
    run: async (open, reopen) => {
      if (reopen === undefined) return
      let store = await open()
      try {
        await store.append(Array.from({ length: 12 }, (_, i) => entry(i + 1, { executionId: i % 3 === 0 ? 'x1' : undefined })))
        const page = await store.query({ limit: 5 })
        store = await reopen(store)
        check(json(await store.get('e3')) === json(entry(3)), 'an entry reads back the same after reopening')
        check((await store.append([entry(1), entry(13)])).appended === 1, 'ids stored before reopening are still known')
        check(json(await allPages(store, 5, undefined, page.nextCursor)) === json(['e7', 'e6', 'e5', 'e4', 'e3', 'e2', 'e1']), 'a cursor from before reopening pages on')
        check((await store.query({ executionId: 'x1', limit: 50 })).entries.map((e) => e.id).join(',') === 'e10,e7,e4,e1', 'filters work on the reopened store')
        const stop = new AbortController()
        const followed: string[] = []
        for await (const { entry: e } of store.follow({ cursor: page.followCursor, signal: stop.signal })) {
          followed.push(e.id)
          if (e.id === 'e13') stop.abort()
        }
        check(json(followed) === json(['e13']), 'a follow cursor from before reopening follows on')
      } finally {
        await store.close()
      }
    },
  },
]
