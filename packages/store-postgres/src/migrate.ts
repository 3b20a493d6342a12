import { CapstanError, isCapstanError } from 'capstan'
import type { Pool } from 'pg'
import { migrations as known, type Migration } from './migrations/index.js'
import { lockSpace, type StoreNames } from './store-names.js'

/**
 * Brings the store's schema to the newest version the package knows: creates
 * the schema and the migrations table when missing, then applies the
 * migrations not yet recorded, all in one transaction under an advisory lock
 * (a second process opening at the same time waits, then finds them applied).
 *
 * @returns the store's id (from its meta table, made by the first migration).
 * @throws CapstanError CONFIG_ERROR naming `schema` when the schema is at a version newer than the package knows.
 */
export async function migrate(pool: Pool, names: StoreNames, migrations: readonly Migration[] = known): Promise<string> {
  const client = await pool.connect()
  let failed: unknown
  try {
    await client.query('BEGIN')
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [lockSpace.migrate, names.lockName])
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${names.schema}`)
    await client.query(`CREATE TABLE IF NOT EXISTS ${names.migrations} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`)
    const { rows } = await client.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${names.migrations}`)
    const current = rows[0]?.version ?? 0
    const newest = migrations.at(-1)?.version ?? 0
    if (current > newest) {
      throw new CapstanError('CONFIG_ERROR', {
        message: `schema: the journal in ${names.schema} is at version ${current}, newer than this @capstan/store-postgres knows (${newest}); upgrade the package`,
        details: { field: 'schema', reason: 'newer-schema-version' },
      })
    }
    for (const migration of migrations.filter((m) => m.version > current)) {
      for (const statement of migration.statements(names)) await client.query(statement)
      await client.query(`INSERT INTO ${names.migrations} (version, name) VALUES ($1, $2)`, [migration.version, migration.name])
    }
    const id = await client.query<{ value: string }>(`SELECT value FROM ${names.meta} WHERE key = 'store_id'`)
    await client.query('COMMIT')
    return id.rows[0]?.value ?? ''
  } catch (error) {
    failed = error
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    client.release(failed instanceof Error && !isCapstanError(failed) ? failed : undefined)
  }
}
