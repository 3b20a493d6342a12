// The PostgreSQL journal store (packages/store-postgres) against plain `pg`,
// on the database of test/infra (JOURNAL_PG_URL), in bench schemas dropped
// afterwards:
// - appends: 100,000 entries through the store (its batches: unnest INSERT
//   ... ON CONFLICT DO NOTHING under the append lock, with NOTIFY) against
//   plain multi-row INSERTs of the same rows, same batch size, into a table
//   made the same way (same indexes): throughput ratio, goal >= 0.8x;
// - queries: the newest 50 entries of one node among 1,000,000 (1,000 nodes),
//   through the store's query() against the same SELECT sent with `pg`:
//   p95, goal <= 5 ms.
import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import type { JournalEntry, JournalStore } from '../src/index.js'
import { infraEnv } from '@capstan/test-support/infra-env'
import { openPostgresJournalStore } from '../packages/store-postgres/src/index.js'
import type { BenchResult } from './bench-result.js'
import { median } from './median-time.js'

const appendCount = 100_000
const batchSize = 1_000
const appendRuns = 3
const storedCount = 1_000_000
const nodeCount = 1_000
const queries = 300

const columns = ['id', 'node', 'time', 'kind', 'source', 'actor', 'execution_id', 'summary', 'body', 'corrects'] as const

function url(): string {
  const value = infraEnv()['JOURNAL_PG_URL']
  if (value === undefined) throw new Error('no JOURNAL_PG_URL: run `bash test/infra/start-puppetdb.sh` (as root) first, which starts PostgreSQL and writes it to test/infra/.env')
  return value
}

const schemaName = (what: string) => `journal_bench_${what}_${randomBytes(4).toString('hex')}`

function entries(run: number): JournalEntry[] {
  return Array.from({ length: appendCount }, (_, n) => ({
    id: `run${run}-${n}`,
    node: `node-${n % nodeCount}`,
    time: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
    kind: n % 10 === 0 ? 'execution' : 'note',
    source: 'host',
    ...(n % 10 === 0 ? { executionId: `exec-${n}`, actor: 'olga' } : {}),
    summary: `entry ${n} of run ${run}: something happened to the node`,
    body: { n, exitCode: 0, output: 'ok' },
  }))
}

/** The baseline: the same rows as plain multi-row INSERTs with `pg`, `batchSize` rows a statement. */
async function rawInsert(pool: pg.Pool, table: string, rows: readonly JournalEntry[]): Promise<void> {
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize)
    const values: unknown[] = []
    const tuples = batch.map((e) => {
      values.push(e.id, e.node, e.time, e.kind, e.source, e.actor ?? null, e.executionId ?? null, e.summary, JSON.stringify(e.body), e.corrects ?? null)
      const base = values.length - columns.length
      return `(${columns.map((_, i) => `$${base + i + 1}`).join(', ')})`
    })
    await pool.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values)
  }
}

async function dropSchema(pool: pg.Pool, schema: string): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
}

/** The entries table of a store in `schema`, made by the store (so the baseline's table has the same columns and indexes). */
async function storeIn(pool: pg.Pool, schema: string): Promise<JournalStore> {
  return openPostgresJournalStore({ pool, schema, batchSize })
}

export async function benchJournalPostgresAppend(): Promise<BenchResult> {
  const pool = new pg.Pool({ connectionString: url(), max: 4 })
  const schemas: string[] = []
  try {
    const storeMs: number[] = []
    const rawMs: number[] = []
    for (let run = 0; run < appendRuns; run += 1) {
      const rows = entries(run)
      // Alternating, each into a fresh table, so both see the same database state.
      const storeSchema = schemaName('append')
      const rawSchema = schemaName('raw')
      schemas.push(storeSchema, rawSchema)
      const store = await storeIn(pool, storeSchema)
      await storeIn(pool, rawSchema).then((s) => s.close())
      let start = performance.now()
      const { appended } = await store.append(rows)
      storeMs.push(performance.now() - start)
      if (appended !== appendCount) throw new Error(`the store appended ${appended}, expected ${appendCount}`)
      start = performance.now()
      await rawInsert(pool, `"${rawSchema}".journal_entries`, rows)
      rawMs.push(performance.now() - start)
      const { rows: counted } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "${rawSchema}".journal_entries`)
      if (Number(counted[0]?.n) !== appendCount) throw new Error(`the baseline inserted ${counted[0]?.n}, expected ${appendCount}`)
      await store.close()
      await dropSchema(pool, storeSchema)
      await dropSchema(pool, rawSchema)
    }
    const ms = median(storeMs)
    const baselineMs = median(rawMs)
    const rate = (t: number) => Math.round(appendCount / (t / 1000))
    const throughput = baselineMs / ms
    return {
      name: `PostgreSQL journal: append ${appendCount.toLocaleString('en')} entries, ${batchSize} a batch`,
      ms,
      baselineMs,
      ratio: ms / baselineMs,
      goal: 'store throughput >= 0.8x plain batched INSERTs',
      met: throughput >= 0.8,
      summary: `store ${rate(ms).toLocaleString('en')} entries/s (${ms.toFixed(0)} ms), plain INSERTs ${rate(baselineMs).toLocaleString('en')} entries/s (${baselineMs.toFixed(0)} ms), throughput ratio ${throughput.toFixed(2)}x`,
      details: [`medians of ${appendRuns} alternating runs, each into a fresh table with the store's indexes`, `store runs (ms): ${storeMs.map((t) => t.toFixed(0)).join(', ')}; plain: ${rawMs.map((t) => t.toFixed(0)).join(', ')}`],
    }
  } finally {
    for (const schema of schemas) await dropSchema(pool, schema).catch(() => undefined)
    await pool.end()
  }
}

const p95 = (times: number[]) => [...times].sort((a, b) => a - b)[Math.ceil(times.length * 0.95) - 1]!

export async function benchJournalPostgresQuery(): Promise<BenchResult> {
  const pool = new pg.Pool({ connectionString: url(), max: 4 })
  const schema = schemaName('query')
  try {
    const store = await storeIn(pool, schema)
    const table = `"${schema}".journal_entries`
    // A million entries, fast: generated in the database, 1,000 nodes interleaved.
    const loadStart = performance.now()
    await pool.query(`INSERT INTO ${table} (id, node, time, kind, source, actor, execution_id, summary, body)
      SELECT 'e' || g, 'node-' || (g % ${nodeCount}), timestamptz '2026-01-01' + g * interval '1 second',
        CASE WHEN g % 10 = 0 THEN 'execution' ELSE 'note' END, 'host',
        CASE WHEN g % 10 = 0 THEN 'olga' END, CASE WHEN g % 10 = 0 THEN 'exec-' || g END,
        'entry ' || g || ': something happened to the node', jsonb_build_object('n', g, 'exitCode', 0)
      FROM generate_series(1, ${storedCount}) AS g`)
    await pool.query(`ANALYZE ${table}`)
    const loadMs = performance.now() - loadStart
    const node = (i: number) => `node-${(i * 7919) % nodeCount}`
    const storeTimes: number[] = []
    const rawTimes: number[] = []
    for (let i = 0; i < queries + 20; i += 1) {
      let start = performance.now()
      const page = await store.query({ node: node(i), limit: 50 })
      const storeMs = performance.now() - start
      start = performance.now()
      const raw = await pool.query(`SELECT seq, id, node, time, kind, source, actor, execution_id, summary, body, corrects FROM ${table} WHERE node = $1 ORDER BY seq DESC LIMIT 51`, [node(i)])
      const rawMs = performance.now() - start
      if (page.entries.length !== 50 || raw.rows.length !== 51 || page.entries[0]?.id !== raw.rows[0].id) throw new Error(`node ${node(i)}: the store gave ${page.entries.length} entries starting ${page.entries[0]?.id}, the SELECT ${raw.rows.length} starting ${raw.rows[0]?.id}`)
      // The first 20 warm the pool and the caches.
      if (i >= 20) {
        storeTimes.push(storeMs)
        rawTimes.push(rawMs)
      }
    }
    await store.close()
    const ms = p95(storeTimes)
    const baselineMs = p95(rawTimes)
    return {
      name: `PostgreSQL journal: newest 50 of one node among ${storedCount.toLocaleString('en')} entries (${nodeCount} nodes)`,
      ms,
      baselineMs,
      ratio: ms / baselineMs,
      goal: 'p95 <= 5 ms',
      met: ms <= 5,
      summary: `store query() p95 ${ms.toFixed(2)} ms (median ${median(storeTimes).toFixed(2)}), the same SELECT with pg p95 ${baselineMs.toFixed(2)} ms (median ${median(rawTimes).toFixed(2)})`,
      details: [`${queries} queries, a different node each time; the million rows loaded in ${(loadMs / 1000).toFixed(1)} s`],
    }
  } finally {
    await dropSchema(pool, schema).catch(() => undefined)
    await pool.end()
  }
}

const callers = 20
const perCaller = 50

/**
 * Many small appends at once (20 callers, 50 single-entry appends each),
 * report only: through one store (appends merged into shared statements under
 * the append lock) against the same single-row INSERTs from 20 concurrent
 * `pg` connections with no lock at all (the commits share WAL flushes).
 */
export async function benchJournalPostgresSmallAppends(): Promise<BenchResult> {
  const pool = new pg.Pool({ connectionString: url(), max: callers + 2 })
  const storeSchema = schemaName('small')
  const rawSchema = schemaName('small_raw')
  try {
    const store = await storeIn(pool, storeSchema)
    await storeIn(pool, rawSchema).then((s) => s.close())
    const all = entries(0).slice(0, callers * perCaller)
    const rows = (caller: number) => all.slice(caller * perCaller, (caller + 1) * perCaller)
    let start = performance.now()
    await Promise.all(Array.from({ length: callers }, async (_, caller) => {
      for (const entry of rows(caller)) await store.append([entry])
    }))
    const ms = performance.now() - start
    start = performance.now()
    await Promise.all(Array.from({ length: callers }, async (_, caller) => {
      for (const entry of rows(caller)) await rawInsert(pool, `"${rawSchema}".journal_entries`, [entry])
    }))
    const baselineMs = performance.now() - start
    await store.close()
    const total = callers * perCaller
    const rate = (t: number) => Math.round(total / (t / 1000)).toLocaleString('en')
    return {
      name: `PostgreSQL journal: ${callers} callers x ${perCaller} single-entry appends at once`,
      ms,
      baselineMs,
      ratio: ms / baselineMs,
      goal: 'report only',
      met: true,
      summary: `store ${rate(ms)} entries/s (${ms.toFixed(0)} ms), unlocked single-row INSERTs from ${callers} connections ${rate(baselineMs)} entries/s (${baselineMs.toFixed(0)} ms)`,
    }
  } finally {
    await dropSchema(pool, storeSchema).catch(() => undefined)
    await dropSchema(pool, rawSchema).catch(() => undefined)
    await pool.end()
  }
}
