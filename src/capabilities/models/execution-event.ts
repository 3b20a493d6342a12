import { z } from 'zod'
import { ExecutionResult, NodeResult } from './execution.js'

const base = {
  executionId: z.string().min(1),
  seq: z.number().int().nonnegative().describe('Strictly increasing within an execution, from 0'),
  timestamp: z.string().describe('ISO 8601 time the event happened'),
}
const OutputStream = z.enum(['stdout', 'stderr'])

/**
 * What an execution streams, in order: `queued`, `started`, then per node
 * `node:started`, `node:output`… and `node:finished`, and last `finished`.
 * `output:dropped` stands in for output a consumer was too slow to receive.
 * A rolling execution (the `rollout` option) puts each wave's node events
 * between its `wave:started` and `wave:finished`.
 */
export const ExecutionEvent = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('queued'), position: z.number().int().nonnegative().describe('Nodes queued ahead of this execution') }),
  z.object({ ...base, type: z.literal('started'), nodes: z.array(z.string()) }),
  z.object({ ...base, type: z.literal('node:started'), node: z.string() }),
  z.object({ ...base, type: z.literal('node:output'), node: z.string(), stream: OutputStream, chunk: z.string() }),
  z.object({ ...base, type: z.literal('output:dropped'), node: z.string(), stream: OutputStream, bytes: z.number().int().positive().describe('Bytes of output this consumer missed') }),
  z.object({ ...base, type: z.literal('node:finished'), node: z.string(), result: NodeResult }),
  z.object({
    ...base,
    type: z.literal('wave:started'),
    wave: z.number().int().positive().describe('The wave, from 1'),
    waves: z.number().int().positive().describe('Waves in all'),
    nodes: z.array(z.string()).describe('The nodes of this wave'),
  }),
  z.object({
    ...base,
    type: z.literal('wave:finished'),
    wave: z.number().int().positive().describe('The wave, from 1'),
    waves: z.number().int().positive().describe('Waves in all'),
    nodes: z.array(z.string()).describe('The nodes of this wave'),
    succeeded: z.number().int().nonnegative().describe('Nodes of this wave that succeeded'),
    failed: z.number().int().nonnegative().describe('Nodes of this wave that failed: status failure, error or timeout'),
  }),
  z.object({ ...base, type: z.literal('finished'), result: ExecutionResult }),
])
/** One event of an execution's stream. */
export type ExecutionEvent = z.infer<typeof ExecutionEvent>
/** The `type` of an execution event. */
export type ExecutionEventType = ExecutionEvent['type']
