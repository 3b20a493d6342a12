import { describe, it } from 'vitest'
import { MemoryJournalStore } from 'capstan'
import { journalStoreCases } from 'capstan/testing'

describe('MemoryJournalStore passes the journal store suite', () => {
  for (const c of journalStoreCases) it(c.name, () => c.run(async () => new MemoryJournalStore()))
})
