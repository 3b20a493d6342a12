// What the PostgreSQL store's suites share: the database test/infra started
// (JOURNAL_PG_URL), a requirement that skips the suites with a reason when it
// is missing, and a schema of their own for each test, dropped afterwards.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { onTestFinished } from 'vitest'
import { infraEnv } from '@capstan/test-support/infra-env'
import { requirement } from '@capstan/test-support/requirement'
import { infraService } from '@capstan/test-support/service-requirement'

const start = 'start it: bash test/infra/start-puppetdb.sh, which starts PostgreSQL and writes JOURNAL_PG_URL'

/** postgres://capstan_journal:...@127.0.0.1:5432/capstan_journal, or undefined when test/infra has not set it up. */
export const journalPgUrl = infraEnv()['JOURNAL_PG_URL']

function address(url: string): { host: string; port: number } {
  const parsed = new URL(url)
  return { host: parsed.hostname, port: Number(parsed.port || 5432) }
}

/** The journal's PostgreSQL database is set up and answers. */
export const journalPostgres = requirement(
  journalPgUrl !== undefined,
  `no JOURNAL_PG_URL for the journal’s PostgreSQL database (${start})`,
  journalPgUrl === undefined ? [] : [infraService('the journal’s PostgreSQL', address(journalPgUrl), 'JOURNAL_PG_URL', start)],
)

/** The URL, inside a suite that `needs(journalPostgres)`. */
export function pgUrl(): string {
  if (journalPgUrl === undefined) throw new Error('JOURNAL_PG_URL is not set')
  return journalPgUrl
}

/** A new schema name, `journal_test_<random>`. */
export function randomSchema(): string {
  return `journal_test_${randomBytes(6).toString('hex')}`
}

/** A schema name for this test, dropped (with everything in it) when the test finishes. */
export function testSchema(): string {
  const schema = randomSchema()
  onTestFinished(() => dropSchema(schema))
  return schema
}

/** Drops `schema` and what is in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl() })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  } finally {
    await client.end()
  }
}

/** A pool of its own for this test, ended when the test finishes. */
export function testPool(max = 4): pg.Pool {
  const pool = new pg.Pool({ connectionString: pgUrl(), max })
  pool.on('error', () => undefined)
  onTestFinished(() => pool.end())
  return pool
}

/**
 * Everything the journal stores in `schema`, as text: every row of every
 * table, as JSON, one a line. Tests grep it for what must never be stored
 * (the secrets they used).
 */
export async function storedText(schema: string): Promise<string> {
  const client = new pg.Client({ connectionString: pgUrl() })
  await client.connect()
  try {
    const { rows: tables } = await client.query<{ name: string }>('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [schema])
    const lines: string[] = []
    for (const { name } of tables) {
      const { rows } = await client.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${schema}"."${name}" AS t`)
      lines.push(...rows.map((r) => `${name}\t${r.row}`))
    }
    return lines.join('\n')
  } finally {
    await client.end()
  }
}

/**
 * A PostgreSQL journal store in a new schema, with every byte it keeps as text
 * (storedText) and a dispose that closes it and drops the schema: the shape
 * of the stores that test/journal/journal-secrets.integration.test.ts searches
 * for secrets. Inside a suite that `needs(journalPostgres)`.
 */
export async function openTestStore(): Promise<{ store: import('capstan').JournalStore; storedText: () => Promise<string>; dispose: () => Promise<void> }> {
  const { openPostgresJournalStore } = await import('../../src/index.js')
  const schema = randomSchema()
  const store = await openPostgresJournalStore({ connectionString: pgUrl(), schema })
  return {
    store,
    storedText: () => storedText(schema),
    dispose: async () => {
      await store.close()
      await dropSchema(schema)
    },
  }
}
