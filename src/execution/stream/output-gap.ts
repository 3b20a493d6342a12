import type { OutputStreamName } from './event-body.js'

/**
 * A run of output that is no longer held anywhere: consecutive chunks of one
 * node+stream, between two stored events, that went past the stored-output
 * cap and left the live window. One record stands for the whole run however
 * many chunks it had, so a 100 MB output costs a handful of records, not
 * one per chunk. Consumers turn it into an `output:dropped` event.
 */
export interface OutputGap {
  readonly node: string
  readonly stream: OutputStreamName
  /** {@link outputKey} of `node` and `stream`. */
  readonly key: string
  /** Seq of the first chunk of the run. */
  readonly firstSeq: number
  /** Seq of the last chunk so far; the `output:dropped` event carries it. */
  lastSeq: number
  /** Timestamp of the last chunk so far; the `output:dropped` event carries it. */
  lastTimestamp: string
  /** Offset of the run's first byte in its node+stream's output. */
  readonly startOffset: number
  /** Offset just past the run's last byte. */
  endOffset: number
}
