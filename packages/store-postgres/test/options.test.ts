// Options are checked before anything connects: each wrong one is a
// VALIDATION_ERROR naming it, and no message echoes the connection string.
import { describe, expect, it } from 'vitest'
import { openPostgresJournalStore, type PostgresJournalStoreOptions } from '../src/index.js'
import { rejection } from '@capstan/test-support/async'

const url = 'postgres://journal:s3cret-pw@127.0.0.1:5432/journal'

describe('openPostgresJournalStore options', () => {
  it.each<[string, PostgresJournalStoreOptions]>([
    ['connectionString', {}],
    ['connectionString', { connectionString: url, pool: {} as never }],
    ['connectionString', { connectionString: 'mysql://journal:s3cret-pw@127.0.0.1/journal' }],
    ['connectionString', { connectionString: 'postgres://journal:s3cret-pw@[bad' }],
    ['pool', { pool: { query: () => undefined } as never }],
    ['schema', { connectionString: url, schema: 'Capstan' }],
    ['schema', { connectionString: url, schema: 'a'.repeat(41) }],
    ['schema', { connectionString: url, schema: 'x"; DROP TABLE y; --' }],
    ['tablePrefix', { connectionString: url, tablePrefix: 'lab-' }],
    ['batchSize', { connectionString: url, batchSize: 0 }],
    ['batchSize', { connectionString: url, batchSize: 1.5 }],
    ['pollIntervalMs', { connectionString: url, pollIntervalMs: 10 }],
    ['maxConnections', { connectionString: url, maxConnections: 0 }],
  ])('refuses a wrong %s: VALIDATION_ERROR naming it, without the password', async (field, options) => {
    const error = await rejection(openPostgresJournalStore(options), 'VALIDATION_ERROR')
    expect(error.details).toMatchObject({ field })
    expect(error.message.startsWith(`${field}: `)).toBe(true)
    expect(`${error.message} ${JSON.stringify(error.details)} ${error.stack}`).not.toContain('s3cret-pw')
  })
})
