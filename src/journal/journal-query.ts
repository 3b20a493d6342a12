import { z } from 'zod'
import { boundedList } from '../capabilities/models/bounded-record.js'
import { isoTime, limit } from '../capabilities/input-fields.js'
import { nameString } from '../capabilities/models/name-string.js'
import { JournalKind } from './journal-entry.js'

/**
 * What to read from a journal, newest first: by node, time range
 * (`since` inclusive, `until` exclusive), kinds, execution and actor, a page
 * of `limit` at a time. `cursor` is the `nextCursor` of the page before,
 * opaque; pages stay without gaps or repeats while new entries arrive.
 */
export const JournalQuery = z
  .object({
    node: nameString('Only this node (its canonical id)').optional(),
    since: isoTime('Entries at or after this time').optional(),
    until: isoTime('Entries before this time').optional(),
    kinds: boundedList(JournalKind, 64).min(1).optional().describe('Only these kinds'),
    executionId: nameString('Only entries of this execution', 200).optional(),
    actor: nameString('Only entries by this principal').optional(),
    limit: limit(50, 1_000),
    cursor: z.string().max(512).optional().describe('The nextCursor of the previous page'),
  })
  .strict()
  .superRefine((query, ctx) => {
    if (query.since !== undefined && query.until !== undefined && Date.parse(query.until) <= Date.parse(query.since)) {
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'must be after since' })
    }
  })

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
