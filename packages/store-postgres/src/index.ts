/**
 * `@capstan/store-postgres`: the Capstan node journal in PostgreSQL.
 *
 * @packageDocumentation
 */
export { openPostgresJournalStore } from './open-postgres-journal-store.js'
export type { PostgresJournalStoreOptions } from './postgres-journal-options.js'
