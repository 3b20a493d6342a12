// follow: woken by NOTIFY from another pool, on again after its LISTEN
// connection is cut, ended by its signal and by close().
import { expect } from 'vitest'
import type { JournalEntry } from 'capstan'
import { openPostgresJournalStore } from '../../src/index.js'
import { rejection } from '@capstan/test-support/async'
import { needs } from '@capstan/test-support/requirement'
import { journalPostgres, testPool, testSchema } from './journal-postgres.js'

const { describe, it } = needs(journalPostgres)

const note = (id: string): JournalEntry => ({ id, node: 'web01', time: '2026-01-01T00:00:00.000Z', kind: 'note', source: 'host', summary: id, body: {} })
/** Longer than any test: a follower that sees an entry saw it through a notification, not a poll. */
const noPolling = 600_000

describe('PostgreSQL journal store: follow', () => {
  it('wakes on another pool’s append, and again after its LISTEN connection is cut', async () => {
    const schema = testSchema()
    const follower = await openPostgresJournalStore({ pool: testPool(3), schema, pollIntervalMs: noPolling })
    const writer = await openPostgresJournalStore({ pool: testPool(2), schema })
    const admin = testPool(1)
    const stop = new AbortController()
    const seen: string[] = []
    let next!: () => void
    let arrived = new Promise<void>((resolve) => (next = resolve))
    const following = (async () => {
      for await (const { entry } of follower.follow({ signal: stop.signal })) {
        seen.push(entry.id)
        next()
      }
    })()
    const listening = async () => {
      for (;;) {
        const { rows } = await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE query LIKE 'LISTEN "${schema}.journal"%' AND pid <> pg_backend_pid()`)
        if (rows[0] !== undefined) return rows[0].pid
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    }
    const first = await listening()
    await writer.append([note('one')])
    await arrived
    expect(seen).toEqual(['one'])

    arrived = new Promise<void>((resolve) => (next = resolve))
    await admin.query('SELECT pg_terminate_backend($1)', [first])
    // A new LISTEN connection (another backend), then an append it hears of.
    let second = await listening()
    while (second === first) second = await listening()
    await writer.append([note('two')])
    await arrived
    expect(seen).toEqual(['one', 'two'])
    stop.abort()
    await following
    await Promise.all([follower.close(), writer.close()])
  })

  it('ends when its signal aborts, and when the store closes, while waiting', async () => {
    const store = await openPostgresJournalStore({ pool: testPool(3), schema: testSchema(), pollIntervalMs: noPolling })
    const stop = new AbortController()
    const ids: string[] = []
    const byAbort = (async () => {
      for await (const { entry } of store.follow({ signal: stop.signal })) ids.push(entry.id)
      return 'ended'
    })()
    const byClose = (async () => {
      for await (const { entry } of store.follow({ signal: new AbortController().signal })) ids.push(entry.id)
      return 'ended'
    })()
    await store.append([note('a')])
    stop.abort()
    expect(await byAbort).toBe('ended')
    await store.close()
    expect(await byClose).toBe('ended')
  })

  it('an append whose signal is already aborted is CANCELLED and stores nothing', async () => {
    const store = await openPostgresJournalStore({ pool: testPool(2), schema: testSchema() })
    const error = await rejection(store.append([note('a')], { signal: AbortSignal.abort() }), 'CANCELLED')
    expect(error.message).toMatch(/cancelled after 0 new entries/)
    expect(await store.get('a')).toBeUndefined()
    await store.close()
  })
})
