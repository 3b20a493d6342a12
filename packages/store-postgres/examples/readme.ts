import { JournalEntry, JournalQuery } from 'capstan'
import { openPostgresJournalStore } from '@capstan/store-postgres'

// Creates the schema (or migrates it) on first open.
const journal = await openPostgresJournalStore({
  connectionString: process.env.JOURNAL_PG_URL ?? 'postgres://capstan:secret@127.0.0.1:5432/capstan',
  schema: process.env.JOURNAL_PG_SCHEMA ?? 'capstan',
})
try {
  const { appended } = await journal.append([
    JournalEntry.parse({ id: 'run-7:web01', node: 'web01', time: new Date().toISOString(), kind: 'execution', source: 'ssh', executionId: 'run-7', summary: 'uptime: success (exit 0)' }),
  ])
  console.log(`${appended} new`) // 0 when run again: the id is already stored

  // Newest first; the page's followCursor picks up whatever any process appends next.
  const page = await journal.query(JournalQuery.parse({ node: 'web01', limit: 10 }))
  console.log(page.entries.map((entry) => entry.summary))
  const stop = new AbortController()
  setTimeout(() => stop.abort(), 1_000)
  for await (const { entry } of journal.follow({ cursor: page.followCursor, signal: stop.signal })) console.log('new:', entry.id)
} finally {
  await journal.close()
}
