import type { JournalEntry } from 'capstan'

/** The columns of an entry row, as selected (`seq` as text: bigint). */
export const entryColumns = 'seq::text AS seq, id, node, time, kind, source, actor, execution_id, summary, body, corrects'

/** A row of the entries table as pg returns it. */
export interface EntryRow {
  seq: string
  id: string
  node: string
  time: Date
  kind: string
  source: string
  actor: string | null
  execution_id: string | null
  summary: string
  body: Record<string, unknown>
  corrects: string | null
}

/** The entry a row holds, its keys in the order JournalEntry.parse gives them (time in UTC, to the millisecond). */
export function entryOf(row: EntryRow): JournalEntry {
  return {
    id: row.id,
    node: row.node,
    time: row.time.toISOString(),
    kind: row.kind,
    source: row.source,
    ...(row.actor === null ? {} : { actor: row.actor }),
    ...(row.execution_id === null ? {} : { executionId: row.execution_id }),
    summary: row.summary,
    body: row.body,
    ...(row.corrects === null ? {} : { corrects: row.corrects }),
  }
}

/** The parameters of one INSERT of `entries`: one array a column, in the order of `insertStatement`. */
export function columnArrays(entries: readonly JournalEntry[]): unknown[][] {
  return [
    entries.map((e) => e.id),
    entries.map((e) => e.node),
    entries.map((e) => e.time),
    entries.map((e) => e.kind),
    entries.map((e) => e.source),
    entries.map((e) => e.actor ?? null),
    entries.map((e) => e.executionId ?? null),
    entries.map((e) => e.summary),
    entries.map((e) => JSON.stringify(e.body ?? {})),
    entries.map((e) => e.corrects ?? null),
  ]
}
