import { z } from 'zod'
import { freeText } from '../capabilities/models/free-text.js'
import { isoTime } from '../capabilities/input-fields.js'
import { jsonParams } from '../capabilities/models/json-params.js'
import { nameString } from '../capabilities/models/name-string.js'

/**
 * What happened to a node, by kind: the host's own kinds, and kinds plugins
 * contribute (lowercase words with dashes, such as `catalog-compiled`).
 */
export const coreJournalKinds = ['execution', 'package', 'provision', 'deploy', 'alert', 'note'] as const

/** A journal entry's kind: a core kind or a plugin's (`[a-z][a-z0-9-]*`, at most 64 characters). */
export const JournalKind = z
  .string()
  .max(64)
  .regex(/^[a-z][a-z0-9-]*$/, 'a kind such as "execution" or "note": lowercase letters, digits and dashes')

/**
 * One entry of the node journal, append-only. `id` is stable: appending an
 * id the store already holds is a no-op, so a retried append is safe.
 * Corrections are new entries whose `corrects` names the entry they correct.
 */
export const JournalEntry = z
  .object({
    /** Stable and unique in the store (the writer's choice, e.g. `<executionId>:<node>`). */
    id: nameString('Entry id', 200),
    /** The node's canonical id. */
    node: nameString('Node id'),
    /** When it happened (ISO 8601). */
    time: isoTime('When it happened'),
    kind: JournalKind,
    /** The plugin (or `host`) the entry comes from. */
    source: nameString('Source plugin'),
    /** The principal's id, when a principal acted. */
    actor: nameString('Who acted').optional(),
    /** The execution it records, when there is one. */
    executionId: nameString('Execution id', 200).optional(),
    /** One line for lists. */
    summary: freeText('One line for lists', { max: 1_000 }),
    /** Details as JSON (versions before and after, an output excerpt, ...). */
    body: jsonParams('Details as JSON').default({}),
    /** The id of the entry this one corrects. */
    corrects: nameString('Corrected entry id', 200).optional(),
  })
  .strict()

/** One entry of the node journal, as stored and returned. */
export type JournalEntry = z.output<typeof JournalEntry>
/** One entry of the node journal, as a writer passes it (before defaults). */
export type JournalEntryInput = z.input<typeof JournalEntry>
