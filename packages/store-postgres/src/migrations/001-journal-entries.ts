import { randomUUID } from 'node:crypto'
import type { Migration } from './migration.js'

/**
 * The entries table and its indexes, and the store's id. `seq` is the append
 * order (cursors point into it); appends take it under a transaction-level
 * advisory lock, so it is also commit order.
 */
export const journalEntries: Migration = {
  version: 1,
  name: 'journal entries, indexes by node and execution, store id',
  statements: (names) => [
    `CREATE TABLE ${names.meta} (key text PRIMARY KEY, value text NOT NULL)`,
    `INSERT INTO ${names.meta} (key, value) VALUES ('store_id', '${randomUUID()}')`,
    `CREATE TABLE ${names.entries} (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      id text NOT NULL UNIQUE,
      node text NOT NULL,
      time timestamptz NOT NULL,
      kind text NOT NULL,
      source text NOT NULL,
      actor text,
      execution_id text,
      summary text NOT NULL,
      body jsonb NOT NULL,
      corrects text
    )`,
    `CREATE INDEX ${names.index('node_seq')} ON ${names.entries} (node, seq DESC)`,
    `CREATE INDEX ${names.index('node_time')} ON ${names.entries} (node, time)`,
    `CREATE INDEX ${names.index('execution')} ON ${names.entries} (execution_id, seq DESC) WHERE execution_id IS NOT NULL`,
  ],
}
