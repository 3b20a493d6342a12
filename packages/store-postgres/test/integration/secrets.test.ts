// The password of the connection string never reaches an error (not its
// message, its details, its cause or its stack) nor the stored rows; and the
// stored rows can be grepped for what a test must not find there.
import { expect } from 'vitest'
import { openPostgresJournalStore } from '../../src/index.js'
import { rejection } from '@capstan/test-support/async'
import { needs } from '@capstan/test-support/requirement'
import { journalPostgres, openTestStore, pgUrl, storedText, testSchema } from './journal-postgres.js'

const { describe, it } = needs(journalPostgres)

/** Everything an error shows: message, details, stack, and its causes'. */
function everything(error: unknown): string {
  const parts: string[] = []
  for (let e = error as { message?: unknown; stack?: unknown; details?: unknown; cause?: unknown } | undefined, depth = 0; e !== undefined && e !== null && depth < 5; e = e.cause as typeof e, depth += 1) {
    parts.push(String(e.message), String(e.stack), JSON.stringify(e.details ?? {}), JSON.stringify(e))
  }
  return parts.join('\n')
}

describe('PostgreSQL journal store: the password stays out of errors', () => {
  it('a wrong password: UNAVAILABLE saying authentication failed, without the password', async () => {
    const url = new URL(pgUrl())
    url.password = 'wr0ng-Pa55word'
    const error = await rejection(openPostgresJournalStore({ connectionString: url.href, schema: testSchema() }), 'UNAVAILABLE')
    expect(error.message).toMatch(/password authentication failed/)
    expect(everything(error)).not.toContain('wr0ng-Pa55word')
  })

  it('nothing listening: UNAVAILABLE naming the address, without the password', async () => {
    const url = new URL(pgUrl())
    url.port = '1'
    url.password = 'p%40ss-wr0ng'
    const error = await rejection(openPostgresJournalStore({ connectionString: url.href, schema: testSchema() }), 'UNAVAILABLE')
    expect(error.message).toMatch(/ECONNREFUSED 127\.0\.0\.1:1/)
    expect(everything(error)).not.toMatch(/p%40ss-wr0ng|p@ss-wr0ng/)
  })

  it('a database error after opening: without the password, which the store knew', async () => {
    const store = await openPostgresJournalStore({ connectionString: pgUrl(), schema: testSchema() })
    const password = decodeURIComponent(new URL(pgUrl()).password)
    const error = await rejection(store.append([{ id: 'bad', node: 'web01', time: 'not a time', kind: 'note', source: 'host', summary: `${password} in a summary`, body: {} }]), 'VALIDATION_ERROR')
    expect(error.details).toMatchObject({ field: 'entries' })
    expect(everything(error)).not.toContain(password)
    await store.close()
  })

  it('what is stored can be grepped: the entries are there as written, the connection’s password is not', async () => {
    const schema = testSchema()
    const store = await openPostgresJournalStore({ connectionString: pgUrl(), schema })
    await store.append([{ id: 'deploy-1:web01', node: 'web01', time: '2026-01-01T00:00:00.000Z', kind: 'deploy', source: 'host', summary: 'deployed with token [redacted]', body: { marker: 'grep-me-4711' } }])
    await store.close()
    const stored = await storedText(schema)
    expect(stored).toContain('grep-me-4711')
    expect(stored).toContain('deployed with token [redacted]')
    expect(stored).not.toContain(decodeURIComponent(new URL(pgUrl()).password))
  })

  it('openTestStore: a store in a schema of its own, its stored text, and a dispose that drops the schema', async () => {
    const { store, storedText: text, dispose } = await openTestStore()
    await store.append([{ id: 'n1', node: 'web01', time: '2026-01-01T00:00:00.000Z', kind: 'note', source: 'host', summary: 'grep-me-0815', body: {} }])
    expect(await text()).toContain('grep-me-0815')
    await dispose()
    expect(await text()).toBe('')
  })
})
