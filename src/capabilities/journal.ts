import { z } from 'zod'
import { executionKinds } from '../journal/execution-entries.js'
import { JournalEntry, JournalKind } from '../journal/journal-entry.js'
import { JournalFollow, JournalQuery } from '../journal/journal-query.js'
import { defineCapability } from './capability.js'
import type { ProviderOf } from './handler.js'
import { freeText } from './models/free-text.js'
import { jsonParams } from './models/json-params.js'
import { nameString } from './models/name-string.js'

/** A page of the journal, newest first, with the cursors to page on and to follow from. */
const journalPage = z.object({
  entries: z.array(JournalEntry).describe('Newest first'),
  nextCursor: z.string().optional().describe('Pass as cursor for the next (older) page; absent on the last page'),
  followCursor: z.string().describe('Pass to journal.stream for the entries appended after this page was read'),
})

/** Kinds only the host writes: a caller's `journal.add` may not claim an execution or a deployment happened. */
const hostKinds: ReadonlySet<string> = new Set(executionKinds)

/** What `journal.add` takes: a note about a node (or an entry of a kind a plugin contributes). */
export const JournalAddInput = z
  .object({
    node: nameString('The node (any name the inventory links to it)'),
    message: freeText('What happened, one line', { max: 1_000, nonEmpty: true }),
    kind: JournalKind.refine((kind) => !hostKinds.has(kind), { error: 'is written by the host only; add a note, or a kind of your own' })
      .default('note')
      .describe('note (default), or a kind of your own; execution, package, provision, deploy and alert are written by the host'),
    body: jsonParams('Details as JSON').optional(),
    id: nameString('An id of your choice: adding it again changes nothing, so a retry is safe (default: a new id)', 200).optional(),
    corrects: nameString('The id of the entry this one corrects', 200).optional(),
  })
  .strict()
/** What `journal.add` takes, parsed. */
export type JournalAddInput = z.output<typeof JournalAddInput>

/** Journal capabilities: what happened to every node, kept in the configured journal store. */
export const journalCapabilities = {
  list: defineCapability({
    id: 'journal.list',
    type: 'journal',
    description: 'List journal entries, newest first: by node, time range, kinds, execution or actor, a page at a time',
    kind: 'query',
    routing: { mode: 'prioritised' },
    reach: 'filter',
    input: JournalQuery,
    output: journalPage,
  }),
  get: defineCapability({
    id: 'journal.get',
    type: 'journal',
    description: 'Get one journal entry by its id',
    kind: 'query',
    routing: { mode: 'prioritised' },
    reach: 'filter',
    input: z
      .object({
        id: nameString('Entry id', 200),
        nodes: z.array(nameString()).max(1_000).optional().describe('Only if the entry is of one of these nodes (canonical ids)'),
      })
      .strict(),
    output: JournalEntry,
  }),
  add: defineCapability({
    id: 'journal.add',
    type: 'journal',
    description: 'Add an entry to a node\'s journal (a note by default); the principal is recorded as its actor',
    kind: 'action',
    routing: { mode: 'prioritised' },
    input: JournalAddInput,
    output: z.object({ entry: JournalEntry, appended: z.boolean().describe('False when an entry with this id was already stored (a retry)') }),
  }),
  stream: defineCapability({
    id: 'journal.stream',
    type: 'journal',
    description: 'Follow new journal entries as they are appended, from a cursor (none lost, none repeated)',
    kind: 'stream',
    routing: { mode: 'prioritised' },
    reach: 'filter',
    input: JournalFollow,
    output: z.object({ entry: JournalEntry, cursor: z.string().describe('Pass as cursor to resume after this entry') }),
  }),
} as const

/** What a journal plugin implements. */
export type JournalProvider = ProviderOf<typeof journalCapabilities>
