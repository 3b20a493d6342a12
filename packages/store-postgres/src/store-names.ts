// The names a store's SQL uses: its schema and tables, quoted, and the keys of
// its advisory locks. Schema and prefix are validated before they get here.

/** The SQL names of one store: `"capstan"."journal_entries"` and its neighbours. */
export interface StoreNames {
  /** The schema, quoted. */
  schema: string
  /** The entries table, schema-qualified and quoted. */
  entries: string
  /** The table of applied migrations, schema-qualified and quoted. */
  migrations: string
  /** The table of the store's own facts (its id), schema-qualified and quoted. */
  meta: string
  /** The bare name of an index of the entries table (unquoted, prefixed). */
  index(name: string): string
  /** The LISTEN/NOTIFY channel of the store, quoted for LISTEN. */
  channel: string
  /** The channel as pg_notify takes it (unquoted). */
  channelName: string
  /** `schema.prefix`, which the advisory lock keys are hashed from. */
  lockName: string
}

/** The first key of the store's advisory locks, by what they guard (the second is hashtext of `lockName`). */
export const lockSpace = {
  /** Held by a migration, so two processes opening at once do not race. */
  migrate: 0x4361_7001,
  /** Held by each append until it commits, so sequence order is commit order. */
  append: 0x4361_7002,
} as const

const quote = (name: string) => `"${name}"`

/** The names of the store in `schema` with tables prefixed `prefix` (both validated: lowercase letters, digits, underscores). */
export function storeNames(schema: string, prefix: string): StoreNames {
  const table = (name: string) => `${quote(schema)}.${quote(`${prefix}${name}`)}`
  const channelName = `${schema}.${prefix}journal`
  return {
    schema: quote(schema),
    entries: table('journal_entries'),
    migrations: table('journal_migrations'),
    meta: table('journal_meta'),
    index: (name) => `${prefix}journal_entries_${name}`,
    channel: quote(channelName),
    channelName,
    lockName: `${schema}.${prefix}`,
  }
}
