/**
 * `@capstan/store-postgres`: the Capstan node journal in PostgreSQL, for many
 * processes writing one journal at once, followed live across processes.
 *
 * @module \@capstan/store-postgres
 */
export { openPostgresJournalStore } from './open-postgres-journal-store.js'
export type { PostgresJournalStoreOptions } from './postgres-journal-options.js'
