import { spawn } from 'node:child_process'
import { appendFileSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { isCapstanError, MemoryJournalStore, openFileJournalStore, type FileJournalStoreOptions, type JournalEntry, type JournalStore } from 'capstan'
import { journalStoreCases } from 'capstan/testing'
import { scratchDir } from '@capstan/test-support/scratch-dir'
import { storedBytes } from './stored-bytes.js'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const writer = fileURLToPath(new URL('./journal-writer.ts', import.meta.url))

function entry(n: number, overrides: Partial<JournalEntry> = {}): JournalEntry {
  return { id: `e${n}`, node: 'web01', time: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(), kind: 'note', source: 'host', summary: `entry ${n}`, body: { n }, ...overrides }
}

/** What the promise rejects with; fails the test when it resolves. */
async function catchError(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  )
}

const ids = (entries: readonly JournalEntry[]) => entries.map((e) => e.id)

/** Runs the writer script in a child process; resolves with its stdout once it exits. */
function runWriter(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] })
    let stdout = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.once('error', reject)
    child.once('exit', () => resolve(stdout))
  })
}

function segments(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
}

describe('the file journal store passes the journal store suite', () => {
  const dirs = new Map<JournalStore, string>()
  const open = async () => {
    const dir = scratchDir('journal-file-')
    const store = await openFileJournalStore({ dir, syncIntervalMs: 1 })
    dirs.set(store, dir)
    return store
  }
  const reopen = async (store: JournalStore) => {
    const dir = dirs.get(store) as string
    await store.close()
    const again = await openFileJournalStore({ dir, syncIntervalMs: 1 })
    dirs.set(again, dir)
    return again
  }
  for (const c of journalStoreCases) it(c.name, () => c.run(open, reopen))
})

describe('FileJournalStore', () => {
  it('refuses bad options naming the field', async () => {
    for (const [options, field] of [
      [{ dir: '' }, 'dir'],
      [{ dir: '/tmp/x', maxSegmentBytes: 10 }, 'maxSegmentBytes'],
      [{ dir: '/tmp/x', retention: { maxEntries: 0 } }, 'retention.maxEntries'],
      [{ dir: '/tmp/x', syncIntervalMs: -1 }, 'syncIntervalMs'],
    ] as Array<[FileJournalStoreOptions, string]>) {
      const error = await catchError(openFileJournalStore(options))
      expect(isCapstanError(error, 'VALIDATION_ERROR') && error.details.field).toBe(field)
    }
  })

  it('writes one JSON line per entry, with its sequence number, in greppable bytes', async () => {
    const dir = scratchDir('journal-file-')
    const store = await openFileJournalStore({ dir })
    await store.append([entry(1), entry(2, { summary: 'marker-7f3a' })])
    await store.close()
    const lines = readFileSync(join(dir, 'journal-000000000001.jsonl'), 'utf8').split('\n')
    expect(lines.map((line) => (line === '' ? '' : (JSON.parse(line) as { seq: number }).seq))).toEqual([1, 2, ''])
    expect(storedBytes(dir).includes('marker-7f3a')).toBe(true)
    expect(storedBytes(dir).includes('marker-absent')).toBe(false)
  })

  it('drops a torn last line on open, and appends after the last whole one', async () => {
    const dir = scratchDir('journal-file-')
    let store = await openFileJournalStore({ dir })
    await store.append([entry(1), entry(2), entry(3)])
    await store.close()
    const segment = join(dir, 'journal-000000000001.jsonl')
    const whole = statSync(segment).size
    appendFileSync(segment, '{"seq":4,"entry":{"id":"e4","node":"web01","ti')
    store = await openFileJournalStore({ dir })
    expect(statSync(segment).size).toBe(whole)
    expect(ids((await store.query({ limit: 50 })).entries)).toEqual(['e3', 'e2', 'e1'])
    expect(await store.get('e4')).toBeUndefined()
    expect((await store.append([entry(4)])).appended).toBe(1)
    await store.close()
    store = await openFileJournalStore({ dir })
    expect(ids((await store.query({ limit: 50 })).entries)).toEqual(['e4', 'e3', 'e2', 'e1'])
    await store.close()
  })

  it('refuses to open over a damaged segment that is not the newest, naming the file', async () => {
    const dir = scratchDir('journal-file-')
    const store = await openFileJournalStore({ dir, maxSegmentBytes: 4096, syncIntervalMs: 0 })
    for (let n = 1; n <= 60; n += 1) await store.append([entry(n)])
    await store.close()
    const first = join(dir, segments(dir)[0] as string)
    writeFileSync(first, readFileSync(first, 'utf8').replace('"seq":2,', '"seq":2,,'))
    const error = await catchError(openFileJournalStore({ dir }))
    expect(isCapstanError(error, 'UNAVAILABLE') && error.details.reason).toBe('journal-damaged')
    expect((error as Error).message).toContain(first)
  })

  it('starts a new segment past maxSegmentBytes, and reads across segments', async () => {
    const dir = scratchDir('journal-file-')
    let store = await openFileJournalStore({ dir, maxSegmentBytes: 4096 })
    for (let n = 1; n <= 100; n += 10) await store.append(Array.from({ length: 10 }, (_, i) => entry(n + i, { node: (n + i) % 2 === 0 ? 'web01' : 'db01' })))
    const names = segments(dir)
    expect(names.length).toBeGreaterThan(3)
    for (const name of names.slice(0, -1)) expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(4096)
    // Each segment is named for its first entry's sequence number.
    for (const name of names) expect((JSON.parse(readFileSync(join(dir, name), 'utf8').split('\n')[0] as string) as { seq: number }).seq).toBe(Number(name.slice(8, 20)))
    store = await reopenSame(store, dir, { maxSegmentBytes: 4096 })
    const all = (await store.query({ node: 'db01', limit: 1000 })).entries
    expect(ids(all)).toEqual(Array.from({ length: 50 }, (_, i) => `e${99 - 2 * i}`))
    await store.close()
  })

  it('drops whole old segments past maxEntries; old cursors page to the end, sequence numbers go on', async () => {
    const dir = scratchDir('journal-file-')
    let store = await openFileJournalStore({ dir, maxSegmentBytes: 4096 })
    for (let n = 1; n <= 100; n += 10) await store.append(Array.from({ length: 10 }, (_, i) => entry(n + i)))
    const deep = (await store.query({ limit: 95 })).nextCursor
    const before = segments(dir).length
    store = await reopenSame(store, dir, { maxSegmentBytes: 4096, retention: { maxEntries: 30 } })
    expect(segments(dir).length).toBeLessThan(before)
    const kept = ids((await store.query({ limit: 1000 })).entries)
    expect(kept.length).toBeGreaterThanOrEqual(30)
    expect(kept.length).toBeLessThan(100)
    expect(kept.slice(0, 30)).toEqual(Array.from({ length: 30 }, (_, i) => `e${100 - i}`))
    expect(await store.get('e1')).toBeUndefined()
    const page = await store.query({ limit: 10, cursor: deep })
    expect(page.entries).toEqual([])
    expect(page.nextCursor).toBeUndefined()
    // Retention also runs when a segment fills; sequence numbers do not restart.
    for (let n = 101; n <= 200; n += 10) await store.append(Array.from({ length: 10 }, (_, i) => entry(n + i)))
    const after = ids((await store.query({ limit: 1000 })).entries)
    expect(after.length).toBeLessThan(100)
    expect(after[0]).toBe('e200')
    const newest = segments(dir).at(-1) as string
    expect(Number(newest.slice(8, 20))).toBeGreaterThan(100)
    await store.close()
  })

  it('drops old segments whose newest entry is older than maxAgeMs, never the newest segment', async () => {
    const dir = scratchDir('journal-file-')
    let store = await openFileJournalStore({ dir, maxSegmentBytes: 4096 })
    // Entries of January 2026, more than a day old.
    for (let n = 1; n <= 100; n += 10) await store.append(Array.from({ length: 10 }, (_, i) => entry(n + i)))
    store = await reopenSame(store, dir, { maxSegmentBytes: 4096, retention: { maxAgeMs: 24 * 3600_000 } })
    expect(segments(dir)).toHaveLength(1)
    const lines = readFileSync(join(dir, segments(dir)[0] as string), 'utf8').split('\n').length - 1
    const kept = ids((await store.query({ limit: 1000 })).entries)
    await store.close()
    expect(kept[0]).toBe('e100')
    expect(kept).toHaveLength(lines)
    expect(lines).toBeLessThan(100)
  })

  it('appends from many callers at once each entry once, in one sequence, all durable on reopen', async () => {
    const dir = scratchDir('journal-file-')
    let store = await openFileJournalStore({ dir, maxSegmentBytes: 8192 })
    // 20 callers, each 50 entries; every entry is in two callers' batches.
    const results = await Promise.all(Array.from({ length: 20 }, (_, c) => store.append(Array.from({ length: 50 }, (_, i) => entry(((c * 25 + i) % 500) + 1)))))
    expect(results.reduce((sum, r) => sum + r.appended, 0)).toBe(500)
    store = await reopenSame(store, dir, {})
    const all = await countAll(store)
    expect(all).toHaveLength(500)
    expect(new Set(all).size).toBe(500)
    await store.close()
  })

  it('closes once, whoever calls close', async () => {
    const dir = scratchDir('journal-file-')
    const store = await openFileJournalStore({ dir })
    await store.append([entry(1)])
    const [first, second] = [store.close(), store.close()]
    await second
    // The lock is released once any close resolved.
    await (await openFileJournalStore({ dir })).close()
    await first
  })

  it('answers time ranges over many blocks of entries as the memory store does, entries out of time order included', async () => {
    const dir = scratchDir('journal-file-')
    const store = await openFileJournalStore({ dir, syncIntervalMs: 0 })
    const memory = new MemoryJournalStore()
    // In time order, but among the first 2,000 every 700th entry is a day late and every 900th a year.
    const all = Array.from({ length: 5_000 }, (_, i) => {
      const late = i < 2_000 && i % 700 === 0 ? -86_400 : 0
      const odd = i < 2_000 && i % 900 === 0 ? -31_536_000 : 0
      return entry(i + 1, { time: new Date(Date.UTC(2026, 0, 2) + (i + late + odd) * 1000).toISOString(), node: `n${i % 7}` })
    })
    const start = (await store.query({ limit: 1 })).followCursor
    await store.append(all)
    await memory.append(all)
    const at = (second: number) => new Date(Date.UTC(2026, 0, 2) + second * 1000).toISOString()
    for (const range of [{ since: at(1_000), until: at(1_100) }, { since: at(-90_000), until: at(-80_000) }, { since: at(4_990) }, { until: at(10) }, { since: at(2_047), until: at(2_049), node: 'n3' }, { since: at(3_060), until: at(3_072) }, { since: at(3_072), until: at(3_080) }]) {
      const fromFile = await store.query({ ...range, limit: 1000 })
      const fromMemory = await memory.query({ ...range, limit: 1000 })
      expect(ids(fromFile.entries), JSON.stringify(range)).toEqual(ids(fromMemory.entries))
      expect(fromFile.entries.length, JSON.stringify(range)).toBeGreaterThan(0)
      const stop = new AbortController()
      const followed: string[] = []
      for await (const { entry: e } of store.follow({ cursor: start, query: range, signal: stop.signal })) {
        followed.push(e.id)
        if (followed.length === fromMemory.entries.length) stop.abort()
      }
      expect(followed, JSON.stringify(range)).toEqual(ids(fromMemory.entries).reverse())
    }
    await store.close()
  })

  it('finds the entries of an execution along its chain, paged, also after retention dropped its older ones', async () => {
    const dir = scratchDir('journal-file-')
    let store = await openFileJournalStore({ dir, syncIntervalMs: 0, maxSegmentBytes: 32 * 1024 })
    // 1,500 executions (the index's table of them grows), every 4th entry without one.
    const all = Array.from({ length: 6_000 }, (_, i) => entry(i + 1, i % 4 === 3 ? {} : { executionId: `x${i % 1_500}`, node: `n${i % 3}` }))
    for (let from = 0; from < all.length; from += 500) await store.append(all.slice(from, from + 500))
    const expected = (executionId: string, kept: (id: string) => boolean) =>
      all
        .filter((e) => e.executionId === executionId && kept(e.id))
        .map((e) => e.id)
        .reverse()
    const paged = async (executionId: string) => {
      const found: string[] = []
      let cursor: string | undefined
      do {
        const page = await store.query({ executionId, limit: 2, ...(cursor === undefined ? {} : { cursor }) })
        found.push(...ids(page.entries))
        cursor = page.nextCursor
      } while (cursor !== undefined && found.length <= all.length)
      return found
    }
    for (const x of ['x0', 'x7', 'x1499', 'x3']) expect(await paged(x), x).toEqual(expected(x, () => true))
    expect(ids((await store.query({ executionId: 'x7', node: 'n1', limit: 50 })).entries)).toEqual(all.filter((e) => e.executionId === 'x7' && e.node === 'n1').map((e) => e.id).reverse())
    expect((await store.query({ executionId: 'x-none', limit: 50 })).entries).toEqual([])
    store = await reopenSame(store, dir, { maxSegmentBytes: 32 * 1024, retention: { maxEntries: 2_000 } })
    const kept = new Set(await countAll(store))
    expect(kept.size).toBeLessThan(6_000)
    for (const x of ['x0', 'x7', 'x1499']) expect(await paged(x), x).toEqual(expected(x, (id) => kept.has(id)))
    await store.close()
  })

  it('refuses an entry that is not JSON naming it, and stores nothing of its batch', async () => {
    const dir = scratchDir('journal-file-')
    const store = await openFileJournalStore({ dir })
    const error = await catchError(store.append([entry(1), entry(2, { body: { big: 1n } as unknown as JournalEntry['body'] })]))
    expect(isCapstanError(error, 'VALIDATION_ERROR') && error.details.field).toBe('entries.1')
    expect((await store.query({ limit: 50 })).entries).toEqual([])
    expect((await store.append([entry(1)])).appended).toBe(1)
    await store.close()
  })

  it('ends its followers when it closes, and refuses calls after', async () => {
    const dir = scratchDir('journal-file-')
    const store = await openFileJournalStore({ dir })
    const seen: string[] = []
    const following = (async () => {
      for await (const { entry: e } of store.follow({ signal: new AbortController().signal })) seen.push(e.id)
    })()
    await store.append([entry(1), entry(2)])
    await store.close()
    await following
    expect(seen).toEqual(['e1', 'e2'])
    const error = await catchError(store.append([entry(3)]))
    expect(isCapstanError(error, 'UNAVAILABLE') && error.details.reason).toBe('closed')
  })

  it('refuses a second store on the same directory in this process until the first closes', async () => {
    const dir = scratchDir('journal-file-')
    const first = await openFileJournalStore({ dir })
    const error = await catchError(openFileJournalStore({ dir }))
    expect(isCapstanError(error, 'UNAVAILABLE') && error.details).toMatchObject({ reason: 'journal-locked', field: 'dir', pid: process.pid })
    expect((error as Error).message).toContain(`process ${process.pid}`)
    await first.close()
    await (await openFileJournalStore({ dir })).close()
  })

  it('refuses a second process clearly while one holds the directory', async () => {
    const dir = scratchDir('journal-file-')
    const store = await openFileJournalStore({ dir })
    try {
      const outcome = JSON.parse(await runWriter(['open', dir])) as { code?: string; details?: Record<string, unknown>; message?: string }
      expect(outcome).toMatchObject({ code: 'UNAVAILABLE', details: { reason: 'journal-locked', field: 'dir', pid: process.pid } })
      expect(outcome.message).toContain(`in use by process ${process.pid}`)
    } finally {
      await store.close()
    }
    expect(JSON.parse(await runWriter(['open', dir]))).toEqual({ opened: true })
  })

  it('takes over the lock of a process that is gone, not of one on another host', async () => {
    const dir = scratchDir('journal-file-')
    const gone = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
      child.once('exit', () => resolve(child.pid as number))
    })
    writeFileSync(join(dir, 'journal.lock'), JSON.stringify({ pid: gone, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z', token: 'old' }))
    const store = await openFileJournalStore({ dir })
    expect(JSON.parse(readFileSync(join(dir, 'journal.lock'), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() })
    await store.close()
    expect(readdirSync(dir).filter((name) => name.startsWith('journal.lock'))).toEqual([])
    writeFileSync(join(dir, 'journal.lock'), JSON.stringify({ pid: gone, host: 'elsewhere.example', startedAt: '2026-01-01T00:00:00.000Z', token: 'far' }))
    const error = await catchError(openFileJournalStore({ dir }))
    expect(isCapstanError(error, 'UNAVAILABLE') && error.details).toMatchObject({ reason: 'journal-locked', pid: gone, host: 'elsewhere.example' })
  })

  it('two stores racing for a stale lock: exactly one gets it', async () => {
    const dir = scratchDir('journal-file-')
    writeFileSync(join(dir, 'journal.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), startedAt: '', token: 'stale' }))
    const outcomes = await Promise.allSettled([openFileJournalStore({ dir }), openFileJournalStore({ dir }), openFileJournalStore({ dir })])
    const opened = outcomes.filter((o) => o.status === 'fulfilled')
    expect(opened).toHaveLength(1)
    for (const o of outcomes) if (o.status === 'rejected') expect(isCapstanError(o.reason, 'UNAVAILABLE') && o.reason.details.reason).toBe('journal-locked')
    await (opened[0] as PromiseFulfilledResult<JournalStore>).value.close()
  })

  it('after kill -9 in the middle of appending: every acknowledged entry is there, no torn one, and it appends again', async () => {
    const dir = scratchDir('journal-file-')
    const child = spawn(process.execPath, ['--import', 'tsx', writer, 'append-loop', dir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] })
    const acknowledged: number[] = []
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    await new Promise<void>((resolve) => {
      let partial = ''
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n')
        partial = lines.pop() as string
        acknowledged.push(...lines.map(Number))
        if (acknowledged.length >= 30) resolve()
      })
      child.once('exit', () => resolve())
    })
    child.kill('SIGKILL')
    await exited
    expect(acknowledged.length).toBeGreaterThanOrEqual(30)
    const store = await openFileJournalStore({ dir })
    try {
      for (const batch of acknowledged) {
        for (const i of [0, 199]) expect((await store.get(`b${batch}-${i}`))?.summary).toBe(`batch ${batch}`)
      }
      // Every stored line is a whole entry, in sequence.
      let seq = 0
      for (const name of segments(dir)) {
        for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
          if (line === '') continue
          expect((JSON.parse(line) as { seq: number }).seq).toBe((seq += 1))
        }
      }
      const newest = await store.query({ limit: 1 })
      const last = acknowledged.at(-1) as number
      const total = (await countAll(store)).length
      expect(total).toBe(seq)
      expect(total).toBeGreaterThanOrEqual((last + 1) * 200)
      expect(newest.entries).toHaveLength(1)
      expect((await store.append([entry(1)])).appended).toBe(1)
      expect((await store.query({ limit: 1 })).entries[0]?.id).toBe('e1')
    } finally {
      await store.close()
    }
  })
})

async function reopenSame(store: JournalStore, dir: string, options: Omit<FileJournalStoreOptions, 'dir'>): Promise<JournalStore> {
  await store.close()
  return openFileJournalStore({ dir, ...options })
}

async function countAll(store: JournalStore): Promise<string[]> {
  const all: string[] = []
  let cursor: string | undefined
  for (;;) {
    const page = await store.query({ limit: 1000, ...(cursor === undefined ? {} : { cursor }) })
    all.push(...ids(page.entries))
    if (page.nextCursor === undefined) return all
    cursor = page.nextCursor
  }
}
