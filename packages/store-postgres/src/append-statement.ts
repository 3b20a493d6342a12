import type { StoreNames } from './store-names.js'
import { lockSpace } from './store-names.js'

/**
 * One statement (one round trip, its own transaction) that appends a batch:
 * takes the store's append lock for the transaction (so sequence numbers are
 * given, and committed, in one order across every process: a row with a
 * smaller seq is never committed after a bigger one), inserts the rows in
 * input order skipping ids already stored, and notifies the store's channel
 * with the highest new seq (delivered on commit). Parameters: the lock name,
 * the ten column arrays of `columnArrays`, the channel.
 * Returns one row: `appended` (how many were new), `last` (highest new seq,
 * text) and `ids` (the ids that were new).
 */
export function appendStatement(names: StoreNames): string {
  return `WITH append_lock AS MATERIALIZED (SELECT pg_advisory_xact_lock(${lockSpace.append}, hashtext($1))),
inserted AS (
  INSERT INTO ${names.entries} (id, node, time, kind, source, actor, execution_id, summary, body, corrects)
  SELECT r.id, r.node, r.time, r.kind, r.source, r.actor, r.execution_id, r.summary, r.body, r.corrects
  FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::jsonb[], $11::text[])
    WITH ORDINALITY AS r(id, node, time, kind, source, actor, execution_id, summary, body, corrects, ord)
  WHERE EXISTS (SELECT 1 FROM append_lock)
  ORDER BY r.ord
  ON CONFLICT (id) DO NOTHING
  RETURNING seq, id),
summary AS (SELECT count(*)::int AS appended, max(seq) AS last, coalesce(array_agg(id), '{}') AS ids FROM inserted)
SELECT s.appended, s.last::text AS last, s.ids,
  (SELECT count(*) FROM (SELECT pg_notify($12, s.last::text) WHERE s.appended > 0) AS n) AS notified
FROM summary AS s`
}
