import { CapstanError } from 'capstan'
import type { Pool } from 'pg'

/** How to reach the journal's database, and where in it the journal lives. */
export interface PostgresJournalStoreOptions {
  /** `postgres://user:password@host:5432/database`: the store opens (and closes) a pool of its own. Give this or `pool`. */
  connectionString?: string | undefined
  /** A pool the application owns: the store uses it and leaves it open on close(). Give this or `connectionString`. */
  pool?: Pool | undefined
  /** The schema the journal's tables live in, created when missing (default `capstan`). Lowercase letters, digits and underscores, at most 40. */
  schema?: string | undefined
  /** Put before the table names, for several journals in one schema (default none). Lowercase letters, digits and underscores, at most 15. */
  tablePrefix?: string | undefined
  /** Rows per INSERT statement (one round trip each); a bigger append goes in several (default 1,000, at most 10,000). */
  batchSize?: number | undefined
  /** How often a follower looks for new entries when no notification came, in ms: the fallback if a notification is lost (default 5,000). */
  pollIntervalMs?: number | undefined
  /** At most this many connections in the pool the store opens itself (default 10). */
  maxConnections?: number | undefined
}

/** The options, checked and defaulted. */
export interface ResolvedOptions {
  connectionString: string | undefined
  pool: Pool | undefined
  schema: string
  tablePrefix: string
  batchSize: number
  pollIntervalMs: number
  maxConnections: number
}

const invalid = (field: string, message: string) => new CapstanError('VALIDATION_ERROR', { message: `${field}: ${message}`, details: { field } })

function integer(value: unknown, field: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw invalid(field, `must be a whole number from ${min} to ${max}`)
  return value
}

function identifier(value: unknown, field: string, max: number, fallback: string, allowEmpty: boolean): string {
  if (value === undefined) return fallback
  if (typeof value !== 'string' || value.length > max || !(allowEmpty ? /^([a-z_][a-z0-9_]*)?$/ : /^[a-z_][a-z0-9_]*$/).test(value)) {
    throw invalid(field, `must be lowercase letters, digits and underscores, starting with a letter or underscore, at most ${max} characters`)
  }
  return value
}

/** True when it looks like a pg.Pool (connect, query, end), whichever copy of pg made it. */
function isPool(value: unknown): value is Pool {
  const pool = value as Partial<Record<'connect' | 'query' | 'end', unknown>> | null
  return typeof pool === 'object' && pool !== null && typeof pool.connect === 'function' && typeof pool.query === 'function' && typeof pool.end === 'function'
}

/**
 * The options checked, with defaults. Never echoes the connection string (it
 * may hold a password).
 *
 * @throws CapstanError VALIDATION_ERROR naming the wrong field.
 */
export function resolveOptions(options: PostgresJournalStoreOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw invalid('options', 'must be an object with connectionString or pool')
  const { connectionString, pool } = options
  if ((connectionString === undefined) === (pool === undefined)) throw invalid('connectionString', 'give either connectionString or pool (exactly one)')
  if (connectionString !== undefined && (typeof connectionString !== 'string' || !/^postgres(ql)?:\/\//.test(connectionString) || !URL.canParse(connectionString))) {
    throw invalid('connectionString', 'must be a URL such as postgres://user:password@host:5432/database')
  }
  if (pool !== undefined && !isPool(pool)) throw invalid('pool', 'must be a pg.Pool')
  return {
    connectionString,
    pool,
    schema: identifier(options.schema, 'schema', 40, 'capstan', false),
    tablePrefix: identifier(options.tablePrefix, 'tablePrefix', 15, '', true),
    batchSize: integer(options.batchSize, 'batchSize', 1, 10_000, 1_000),
    pollIntervalMs: integer(options.pollIntervalMs, 'pollIntervalMs', 50, 600_000, 5_000),
    maxConnections: integer(options.maxConnections, 'maxConnections', 1, 1_000, 10),
  }
}
