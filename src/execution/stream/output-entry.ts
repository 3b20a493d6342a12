import type { NodeOutputEvent } from './event-body.js'

/**
 * A `node:output` event as the stream keeps it, with its place in its
 * node+stream's byte sequence. Offsets let a consumer that missed output
 * count exactly what it missed, even when it had received part of a run.
 */
export interface OutputEntry {
  /** The event as consumers receive it. */
  readonly event: NodeOutputEvent
  /** {@link outputKey} of the event's node and stream. */
  readonly key: string
  /** UTF-8 size of `event.chunk`. */
  readonly bytes: number
  /** Bytes of this node+stream pushed up to and including this chunk. */
  readonly endOffset: number
}
