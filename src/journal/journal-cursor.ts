import { CapstanError } from '../errors/capstan-error.js'

/** What a cursor holds: the store it belongs to and a position in that store's append order. */
export interface CursorPosition {
  /** The store's id ({@link capstan!JournalStore.id | JournalStore.id}): a cursor of another store is refused. */
  store: string
  /** The sequence number of the entry the cursor is at. */
  seq: number
}

/** An opaque cursor for a position: base64url JSON, so callers pass it back as it is. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify({ s: position.store, q: position.seq })).toString('base64url')
}

/**
 * The position of a cursor a caller passed back.
 *
 * @throws CapstanError VALIDATION_ERROR naming `field` (`cursor`) for a cursor that is not one, or one of another store.
 */
export function decodeCursor(cursor: string, store: string, field = 'cursor'): CursorPosition {
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    decoded = undefined
  }
  const { s, q } = (typeof decoded === 'object' && decoded !== null ? decoded : {}) as { s?: unknown; q?: unknown }
  if (typeof s !== 'string' || typeof q !== 'number' || !Number.isSafeInteger(q) || q < 0) {
    throw new CapstanError('VALIDATION_ERROR', { message: `${field}: not a journal cursor (pass back a nextCursor as it is)`, details: { field } })
  }
  if (s !== store) {
    throw new CapstanError('VALIDATION_ERROR', { message: `${field}: a cursor of another journal store; cursors are valid only with the store that made them`, details: { field } })
  }
  return { store: s, seq: q }
}
