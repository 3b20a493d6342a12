import { journalEntries } from './001-journal-entries.js'
import type { Migration } from './migration.js'

export type { Migration } from './migration.js'

/** Every migration the package knows, in order: the last one's version is the schema version it writes. */
export const migrations: readonly Migration[] = [journalEntries]
