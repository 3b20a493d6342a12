import { randomUUID } from 'node:crypto'
import type { CapabilityHandlers } from '../capabilities/catalog.js'
import { CapstanError } from '../errors/capstan-error.js'
import { echo } from '../errors/validation-error.js'
import type { JournalEntry } from './journal-entry.js'
import type { JournalStore } from './journal-store.js'

/** The provider the host registers `journal.*` under, and the `source` of the entries `journal.add` writes. */
export const JOURNAL_PROVIDER = 'host'

/**
 * The handlers of `journal.*` over a journal store. The host registers them
 * itself, as provider `host` (after every plugin, so a plugin that serves
 * `journal.*` at the same priority comes first): the journal gets RBAC,
 * metrics, the CLI and the HTTP routes like every capability, and the host
 * writes its own entries (executions, package actions) to the same store.
 */
export function journalHandlers(store: JournalStore): CapabilityHandlers {
  return {
    'journal.list': (query) => store.query(query),
    'journal.get': async ({ id, nodes }) => {
      const entry = await store.get(id)
      // Out of the caller's reach is the same NOT_FOUND as absent: nothing tells the two apart.
      if (entry === undefined || (nodes !== undefined && !nodes.includes(entry.node))) throw notFound('id', id)
      return entry
    },
    'journal.add': async (input, ctx) => {
      if (input.corrects !== undefined && (await store.get(input.corrects)) === undefined) throw notFound('corrects', input.corrects)
      const entry: JournalEntry = {
        id: input.id ?? `note-${randomUUID()}`,
        node: input.node,
        time: new Date().toISOString(),
        kind: input.kind,
        source: JOURNAL_PROVIDER,
        ...(ctx.principal === undefined ? {} : { actor: ctx.principal.id }),
        summary: input.message,
        body: input.body ?? {},
        ...(input.corrects === undefined ? {} : { corrects: input.corrects }),
      }
      const { appended } = await store.append([entry], { signal: ctx.signal })
      // A retry gets the entry stored the first time.
      return { entry: appended === 1 ? entry : ((await store.get(entry.id)) ?? entry), appended: appended === 1 }
    },
    'journal.stream': ({ cursor, ...query }, ctx) => store.follow({ cursor, query, signal: ctx.signal }),
  }
}

function notFound(field: 'id' | 'corrects', id: string): CapstanError {
  return new CapstanError('NOT_FOUND', { message: `No journal entry ${echo(id)}`, details: { field, id } })
}
