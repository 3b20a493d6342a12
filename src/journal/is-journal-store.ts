import type { JournalStore } from './journal-store.js'

/** True when `value` has the methods of a {@link JournalStore} (a store of another copy of the core counts too). */
export function isJournalStore(value: unknown): value is JournalStore {
  return value !== null && typeof value === 'object' && ['append', 'get', 'query', 'follow', 'close'].every((method) => typeof (value as Record<string, unknown>)[method] === 'function')
}
