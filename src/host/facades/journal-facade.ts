import type { CallInput, CapabilityId, ResultOf } from '../../capabilities/catalog.js'
import type { InvokeOptions } from '../../registry/invoke-options.js'

/** `capstan.journal`: what happened to every node; `stream` follows new entries. Each method is one capability; its input and result types come from the catalog. */
export interface JournalFacade {
  /**
   * List journal entries, newest first, a page at a time (`journal.list`). Pass a page's `nextCursor` as `cursor` for the next one.
   *
   * @param input - `{ node?, nodes?, since?, until?, kinds?, executionId?, actor?, limit?, cursor? }`; may be left out.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`.
   */
  list(input?: CallInput<'journal.list'>, options?: InvokeOptions): Promise<ResultOf<'journal.list'>>
  /**
   * Get one journal entry by its id (`journal.get`); NOT_FOUND when there is none, or it is of a node out of the principal's reach.
   *
   * @param input - `{ id }`.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`.
   */
  get(input: CallInput<'journal.get'>, options?: InvokeOptions): Promise<ResultOf<'journal.get'>>
  /**
   * Add an entry to a node's journal, a note by default (`journal.add`); the principal is its actor. Adding an `id` again changes nothing.
   *
   * @param input - `{ node, message, kind?, body?, id?, corrects? }`.
   * @param options - Invoke options: `signal`, `timeoutMs`, `plugin`, `principal`.
   */
  add(input: CallInput<'journal.add'>, options?: InvokeOptions): Promise<ResultOf<'journal.add'>>
  /**
   * Follow new entries as they are appended (`journal.stream`), from a page's `followCursor` or a followed entry's `cursor` (none lost, none repeated); without one, from now. Aborting `options.signal` or leaving the loop ends it.
   *
   * @param input - `{ cursor?, node?, nodes?, kinds?, executionId?, actor?, since?, until? }`; may be left out.
   * @param options - Invoke options: `signal`, `plugin`, `principal`.
   */
  stream(input?: CallInput<'journal.stream'>, options?: InvokeOptions): AsyncIterable<ResultOf<'journal.stream'>>
}

/** Method name → the capability it invokes; the facade is generated from it. */
export const journalFacadeIds = { list: 'journal.list', get: 'journal.get', add: 'journal.add', stream: 'journal.stream' } as const satisfies Record<keyof JournalFacade, CapabilityId>
