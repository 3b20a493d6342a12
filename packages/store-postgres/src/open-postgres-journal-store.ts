import { isCapstanError, type JournalStore } from 'capstan'
import pg from 'pg'
import { migrate } from './migrate.js'
import { resolveOptions, type PostgresJournalStoreOptions } from './postgres-journal-options.js'
import { PostgresJournalStore } from './postgres-journal-store.js'
import { storeNames } from './store-names.js'
import { secretsOf, unavailable } from './without-password.js'

/**
 * Opens the node journal in PostgreSQL: connects, creates or migrates the
 * schema (under an advisory lock, so processes opening at once do not race)
 * and returns the store. Every process that opens the same database and
 * schema shares the journal, its cursors, and its `follow` (LISTEN/NOTIFY).
 *
 * @example
 * ```ts
 * import { openPostgresJournalStore } from '@capstan/store-postgres'
 *
 * const journal = await openPostgresJournalStore({ connectionString: 'postgres://capstan:secret@127.0.0.1:5432/capstan' })
 * ```
 *
 * @throws CapstanError VALIDATION_ERROR naming the wrong option; UNAVAILABLE when the database cannot be reached (the message never holds the password); CONFIG_ERROR naming `schema` when the schema is newer than this package.
 */
export async function openPostgresJournalStore(options: PostgresJournalStoreOptions): Promise<JournalStore> {
  const resolved = resolveOptions(options)
  const secrets = [...secretsOf(resolved.connectionString), ...poolSecrets(resolved.pool)]
  const pool = resolved.pool ?? new pg.Pool({ connectionString: resolved.connectionString, max: resolved.maxConnections })
  const ownsPool = resolved.pool === undefined
  // An idle connection that breaks: the next query reports it (an 'error' without a listener would end the process).
  if (ownsPool) pool.on('error', () => undefined)
  const names = storeNames(resolved.schema, resolved.tablePrefix)
  let id: string
  try {
    id = await migrate(pool, names)
  } catch (error) {
    if (ownsPool) await pool.end().catch(() => undefined)
    throw isCapstanError(error) ? error : unavailable(`opening the journal in PostgreSQL (schema ${resolved.schema})`, error, secrets)
  }
  return new PostgresJournalStore({ id, pool, ownsPool, names, batchSize: resolved.batchSize, pollIntervalMs: resolved.pollIntervalMs, secrets })
}

/** The password an application's pool connects with, to keep out of messages. */
function poolSecrets(pool: pg.Pool | undefined): string[] {
  const options = (pool as { options?: { password?: unknown; connectionString?: unknown } } | undefined)?.options
  return [...(typeof options?.password === 'string' ? [options.password] : []), ...(typeof options?.connectionString === 'string' ? secretsOf(options.connectionString) : [])]
}
