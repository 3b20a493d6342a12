export { JournalEntry, JournalKind, coreJournalKinds, type JournalEntryInput } from './journal-entry.js'
export { JournalQuery, type JournalPage } from './journal-query.js'
export type { JournalStore } from './journal-store.js'
export { MemoryJournalStore } from './memory-journal-store.js'
