// Two more applications (child processes running the built package) and this
// one write to one journal at once: each one's follow sees every entry,
// the others' too, exactly once, in one order, none skipped.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import type { JournalEntry } from 'capstan'
import { decodeCursor } from 'capstan/plugin-kit'
import { openPostgresJournalStore } from '../../src/index.js'
import { needs } from '@capstan/test-support/requirement'
import { journalPostgres, pgUrl, testSchema } from './journal-postgres.js'

const { describe, it } = needs(journalPostgres)
const script = fileURLToPath(new URL('../fixtures/write-and-follow.mjs', import.meta.url))

type Followed = { id: string; cursor: string }[]

/** Starts the fixture as another process: `ready` once it follows, `go()` starts its appends, `done` is what it followed. */
function writer(env: Record<string, string>): { ready: Promise<void>; go(): void; done: Promise<Followed> } {
  const child = spawn(process.execPath, [script], { env: { ...process.env, JOURNAL_PG_URL: pgUrl(), ...env }, stdio: ['pipe', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  let ready!: () => void
  const isReady = new Promise<void>((resolve) => (ready = resolve))
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString()
    if (err.includes('ready\n')) ready()
  })
  const done = new Promise<Followed>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Followed) : reject(new Error(`writer ${env['WRITER']} exited ${code}: ${err}`))))
  })
  return { ready: Promise.race([isReady, done.then(() => undefined)]), go: () => child.stdin.end('go\n'), done }
}

/** Whether the writers' entries interleave: some entry of each comes after another writer's and before its own last. */
function interleaved(ids: string[], names: string[]): boolean {
  return names.every((name) => {
    const first = ids.findIndex((id) => id.startsWith(`${name}-`))
    const last = ids.findLastIndex((id) => id.startsWith(`${name}-`))
    return ids.slice(first, last).some((id) => !id.startsWith(`${name}-`))
  })
}

const note = (writerName: string, n: number): JournalEntry => ({ id: `${writerName}-${n}`, node: 'web01', time: new Date(Date.UTC(2026, 0, 1)).toISOString(), kind: 'note', source: 'host', summary: `${writerName} ${n}`, body: {} })

describe('PostgreSQL journal store: several processes', () => {
  it('three writers at once (two of them other processes): each follower sees every entry once, in the same order', { timeout: 60_000 }, async () => {
    const schema = testSchema()
    const store = await openPostgresJournalStore({ connectionString: pgUrl(), schema })
    const { followCursor } = await store.query({ limit: 1 })
    const count = 600
    const total = 3 * count
    const env = (name: string) => ({ SCHEMA: schema, CURSOR: followCursor, WRITER: name, COUNT: String(count), EXPECT: String(total) })
    const children = [writer(env('a')), writer(env('b'))]
    await Promise.all(children.map((child) => child.ready))
    for (const child of children) child.go()
    for (let n = 1; n <= count; n += 3) await store.append([note('c', n), note('c', n + 1), note('c', n + 2)])
    const [a, b] = await Promise.all(children.map((child) => child.done))
    const ids: string[] = []
    for (let cursor: string | undefined, page = 0; page === 0 || cursor !== undefined; page += 1) {
      const result = await store.query({ limit: 1_000, ...(cursor === undefined ? {} : { cursor }) })
      ids.unshift(...result.entries.map((e) => e.id).reverse())
      cursor = result.nextCursor
    }
    await store.close()

    expect(ids).toHaveLength(total)
    expect(interleaved(ids, ['a', 'b', 'c'])).toBe(true)
    for (const seen of [a, b]) {
      // Every entry once, in append order (the order paging gives), the other writers' included.
      expect(seen?.map((s) => s.id)).toEqual(ids)
      const seqs = seen?.map((s) => decodeCursor(s.cursor, store.id).seq) ?? []
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y))
    }
    // Each writer's entries in the order it appended them.
    for (const name of ['a', 'b', 'c']) {
      const mine = ids.filter((id) => id.startsWith(`${name}-`)).map((id) => Number(id.slice(2)))
      expect(mine).toEqual(Array.from({ length: count }, (_, i) => i + 1))
    }
  })
})
