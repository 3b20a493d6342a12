import type { NodeEvent } from 'capstan'

/** The `node:finished` member of {@link NodeEvent}. */
export type NodeFinishedEvent = Extract<NodeEvent, { type: 'node:finished' }>
/** The `node:output` member of {@link NodeEvent}. */
export type NodeOutputEvent = Extract<NodeEvent, { type: 'node:output' }>
