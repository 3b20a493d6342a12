export { JournalEntry, JournalKind, coreJournalKinds, type JournalEntryInput } from './journal-entry.js'
export { JournalQuery, JournalFollow, type JournalPage } from './journal-query.js'
export type { JournalStore } from './journal-store.js'
export { MemoryJournalStore, type MemoryJournalStoreOptions } from './memory-journal-store.js'
