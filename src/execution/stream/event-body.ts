import type { ExecutionEvent } from '../../capabilities/models/execution-event.js'

/**
 * `Omit` applied to each member of a union separately. Plain `Omit` on a
 * union keeps only the keys every member shares, which would lose `chunk`,
 * `node`, `result`… and accept nonsense like `{ type: 'finished' }`.
 */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

/**
 * What a producer (the engine) pushes into an {@link ExecutionStream}: an
 * execution event without `executionId`, `seq` and `timestamp`, which the
 * stream assigns.
 */
export type EventBody = DistributiveOmit<ExecutionEvent, 'executionId' | 'seq' | 'timestamp'>

/** A `node:output` event, the only kind whose storage is capped. */
export type NodeOutputEvent = Extract<ExecutionEvent, { type: 'node:output' }>

/** Which output stream of a node a chunk came from. */
export type OutputStreamName = NodeOutputEvent['stream']
