// The schema the package creates and migrates: opening at once from many
// pools is safe, the store id is shared by every opener of a schema (so
// cursors work across processes) and differs between schemas, and a schema
// newer than the package is refused clearly.
import { expect } from 'vitest'
import { openPostgresJournalStore } from '../../src/index.js'
import { migrate } from '../../src/migrate.js'
import { migrations, type Migration } from '../../src/migrations/index.js'
import { storeNames } from '../../src/store-names.js'
import { rejection } from '@capstan/test-support/async'
import { needs } from '@capstan/test-support/requirement'
import { journalPostgres, pgUrl, testPool, testSchema } from './journal-postgres.js'

const { describe, it } = needs(journalPostgres)

describe('PostgreSQL journal store: migrations', () => {
  it('eight pools opening one new schema at once: one migration, one store id, cursors valid across them', async () => {
    const schema = testSchema()
    const stores = await Promise.all(Array.from({ length: 8 }, () => openPostgresJournalStore({ pool: testPool(2), schema })))
    expect(new Set(stores.map((s) => s.id)).size).toBe(1)
    const { rows } = await testPool(1).query<{ version: number }>(`SELECT version FROM "${schema}".journal_migrations`)
    expect(rows.map((r) => r.version)).toEqual([1])
    const [first, second] = stores
    await first?.append([{ id: 'a', node: 'web01', time: '2026-01-01T00:00:00.000Z', kind: 'note', source: 'host', summary: 'a', body: {} }, { id: 'b', node: 'web01', time: '2026-01-01T00:00:01.000Z', kind: 'note', source: 'host', summary: 'b', body: {} }])
    const page = await first!.query({ limit: 1 })
    expect((await second!.query({ limit: 1, cursor: page.nextCursor })).entries.map((e) => e.id)).toEqual(['a'])
    const other = await openPostgresJournalStore({ pool: testPool(1), schema: testSchema() })
    expect(other.id).not.toBe(first?.id)
    await Promise.all([...stores, other].map((s) => s.close()))
  })

  it('two journals in one schema by table prefix', async () => {
    const schema = testSchema()
    const pool = testPool(2)
    const plain = await openPostgresJournalStore({ pool, schema })
    const prefixed = await openPostgresJournalStore({ pool, schema, tablePrefix: 'lab_' })
    await prefixed.append([{ id: 'x', node: 'web01', time: '2026-01-01T00:00:00.000Z', kind: 'note', source: 'host', summary: 'x', body: {} }])
    expect((await plain.query({ limit: 5 })).entries).toEqual([])
    expect((await prefixed.query({ limit: 5 })).entries.map((e) => e.id)).toEqual(['x'])
    expect(plain.id).not.toBe(prefixed.id)
  })

  it('refuses a schema at a version newer than the package knows, naming schema', async () => {
    const schema = testSchema()
    const pool = testPool(2)
    await (await openPostgresJournalStore({ pool, schema })).close()
    await pool.query(`INSERT INTO "${schema}".journal_migrations (version, name) VALUES (99, 'from the future')`)
    const error = await rejection(openPostgresJournalStore({ pool, schema }), 'CONFIG_ERROR')
    expect(error.details).toMatchObject({ field: 'schema' })
    expect(error.message).toMatch(/version 99, newer than this @capstan\/store-postgres knows \(1\)/)
  })

  it('leaves the application’s pool open on close, and ends its own', async () => {
    const pool = testPool(2)
    const store = await openPostgresJournalStore({ pool, schema: testSchema() })
    await store.close()
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one).toBe(1)
    const own = await openPostgresJournalStore({ connectionString: pgUrl(), schema: testSchema() })
    await own.close()
    await rejection(own.query({ limit: 1 }), 'UNAVAILABLE')
  })

  it('applies a later migration once, however many open at once, and a failed one not at all', async () => {
    const schema = testSchema()
    const pool = testPool(6)
    await (await openPostgresJournalStore({ pool, schema })).close()
    const names = storeNames(schema, '')
    const second: Migration = { version: 2, name: 'an extra column', statements: (n) => [`ALTER TABLE ${n.entries} ADD COLUMN extra text`] }
    // Without the lock, two of these would both try to add the column, and one would fail.
    const ids = await Promise.all(Array.from({ length: 4 }, () => migrate(pool, names, [...migrations, second])))
    expect(new Set(ids).size).toBe(1)
    const versions = await pool.query<{ version: number }>(`SELECT version FROM "${schema}".journal_migrations ORDER BY version`)
    expect(versions.rows.map((r) => r.version)).toEqual([1, 2])
    const broken: Migration = { version: 3, name: 'broken', statements: (n) => [`ALTER TABLE ${n.entries} ADD COLUMN other text`, 'SELECT no_such_function()'] }
    await expect(migrate(pool, names, [...migrations, second, broken])).rejects.toThrow(/no_such_function/)
    const columns = await pool.query<{ name: string }>(`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = $1 AND column_name IN ('extra', 'other')`, [schema])
    expect(columns.rows.map((r) => r.name)).toEqual(['extra'])
    const after = await pool.query<{ version: number }>(`SELECT max(version) AS version FROM "${schema}".journal_migrations`)
    expect(after.rows[0]?.version).toBe(2)
  })
})
