/**
 * Where one consumer stands in an execution stream. Everything with a seq
 * below `nextSeq` has been handed to it, as an event or as an
 * `output:dropped` standing in for it.
 */
export interface StreamCursor {
  /** Lowest seq the consumer has not been given yet. */
  nextSeq: number
  /** Index of the next stored event it has not been given. */
  historyIndex: number
  /** Absolute index of the next live-window entry it has not been given. */
  windowIndex: number
  /** Per node+stream: bytes received or reported dropped so far. */
  readonly offsets: Map<string, number>
}

/** A cursor at the very start of a stream whose live window begins at `windowIndex`. */
export function startCursor(windowIndex: number): StreamCursor {
  return { nextSeq: 0, historyIndex: 0, windowIndex, offsets: new Map() }
}
