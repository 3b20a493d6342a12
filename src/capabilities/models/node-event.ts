import { z } from 'zod'
import { NodeError, NodeStatus } from './execution.js'

/**
 * What an execution plugin yields for the nodes of its batch; the engine
 * numbers, stamps, stores and streams them. `node` is the node's id as the
 * batch named it (`nodes[i].id`).
 */
export const NodeEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('node:started'), node: z.string().min(1) }),
  z.object({ type: z.literal('node:output'), node: z.string().min(1), stream: z.enum(['stdout', 'stderr']), chunk: z.string() }),
  z.object({
    type: z.literal('node:finished'),
    node: z.string().min(1),
    status: NodeStatus,
    exitCode: z.number().int().nullable().optional(),
    signal: z.string().optional(),
    value: z.unknown().optional(),
    error: NodeError.optional(),
  }),
])
/** What an execution plugin yields. */
export type NodeEvent = z.infer<typeof NodeEvent>
