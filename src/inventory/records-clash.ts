import type { LinkedRecord } from './merge-linked-records.js'

/**
 * True when `a` and `b` come from one source under different ids: two
 * machines as far as that source knows, so linking never puts them into one
 * node. Ids compare in comparable form, so `web01` and `WEB01` of one source
 * are one record reported twice.
 */
export function recordsClash(a: LinkedRecord, b: LinkedRecord): boolean {
  return a.source === b.source && a.identities[0]!.key !== b.identities[0]!.key
}
