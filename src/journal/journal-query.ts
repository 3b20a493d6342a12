import { z } from 'zod'
import { boundedList } from '../capabilities/models/bounded-record.js'
import { isoTime, limit } from '../capabilities/input-fields.js'
import { nameString } from '../capabilities/models/name-string.js'
import { JournalKind } from './journal-entry.js'

/** The filters of a journal read, shared by a query and a follow. */
const filterShape = {
  node: nameString('Only this node (any name the inventory links to it; the store holds canonical ids)').optional(),
  nodes: boundedList(nameString(), 1_000).optional().describe('Only entries of these nodes (canonical ids)'),
  since: isoTime('Entries at or after this time').optional(),
  until: isoTime('Entries before this time').optional(),
  kinds: boundedList(JournalKind, 64).min(1).optional().describe('Only these kinds'),
  executionId: nameString('Only entries of this execution', 200).optional(),
  actor: nameString('Only entries by this principal').optional(),
}

/** `until` after `since`, when both are given. */
function timeRangeInOrder(query: { since?: string | undefined; until?: string | undefined }, ctx: z.RefinementCtx): void {
  if (query.since !== undefined && query.until !== undefined && Date.parse(query.until) <= Date.parse(query.since)) {
    ctx.addIssue({ code: 'custom', path: ['until'], message: 'must be after since' })
  }
}

/**
 * What to read from a journal, newest first: by node, time range
 * (`since` inclusive, `until` exclusive), kinds, execution and actor, a page
 * of `limit` at a time. `cursor` is the `nextCursor` of the page before,
 * opaque; pages stay without gaps or repeats while new entries arrive.
 */
export const JournalQuery = z
  .object({
    ...filterShape,
    limit: limit(50, 1_000),
    cursor: nameString('The nextCursor of the previous page', 512).optional(),
  })
  .strict()
  .superRefine(timeRangeInOrder)

/**
 * What to follow in a journal (`journal.stream`): the filters of a query, and
 * the cursor to follow from (a page's `followCursor`, or a followed entry's
 * `cursor`); without one, from now.
 */
export const JournalFollow = z
  .object({
    ...filterShape,
    cursor: nameString("Follow from here: a page's followCursor or a followed entry's cursor; default: from now", 512).optional(),
  })
  .strict()
  .superRefine(timeRangeInOrder)

/** What to follow in a journal, parsed. */
export type JournalFollow = z.output<typeof JournalFollow>

/** A journal query, parsed (limit defaulted). */
export type JournalQuery = z.output<typeof JournalQuery>

/** One page of a journal query. */
export interface JournalPage<E = import('./journal-entry.js').JournalEntry> {
  /** Newest first. */
  entries: E[]
  /** Pass as `cursor` for the next (older) page; absent on the last page. */
  nextCursor?: string | undefined
  /** Pass to `follow` (`journal.stream`) for the entries appended after this page was read: none lost, none repeated. */
  followCursor: string
}
