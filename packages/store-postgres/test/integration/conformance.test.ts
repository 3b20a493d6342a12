// The suite every journal store passes (journalStoreCases of capstan/testing),
// against the real PostgreSQL, a fresh schema for each case.
import { journalStoreCases } from 'capstan/testing'
import { openPostgresJournalStore } from '../../src/index.js'
import { needs } from '@capstan/test-support/requirement'
import { journalPostgres, pgUrl, testSchema } from './journal-postgres.js'

const { describe, it } = needs(journalPostgres)

describe('PostgreSQL journal store: the store suite', () => {
  for (const c of journalStoreCases) {
    it(c.name, async () => {
      const schema = testSchema()
      // Each open is a new store over the same schema, except the case that wants another store: it opens twice, and the second open of a case gets another schema.
      let opened = 0
      await c.run(async () => {
        opened += 1
        return openPostgresJournalStore({ connectionString: pgUrl(), schema: opened === 1 ? schema : testSchema(), pollIntervalMs: 200 })
      })
    })
  }
})
