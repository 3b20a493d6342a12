import { z } from 'zod'

/** A fact condition: a value to equal, `{ regex }`, or `{ in: [...] }` (one of). */
export const FactCondition = z.union(
  [
    z.string(),
    z.number(),
    z.boolean(),
    z.object({ regex: z.string().min(1) }).strict(),
    z.object({ in: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1) }).strict(),
  ],
  { error: 'expected a value to equal, { regex: "pattern" } or { in: [values] }' },
)
/** A fact condition. */
export type FactCondition = z.infer<typeof FactCondition>

/**
 * Selects nodes. Every given criterion must match (AND); within `names` and
 * `groups` any entry may match (OR).
 */
export const NodeFilter = z
  .object({
    names: z.array(z.string().min(1)).optional().describe('Node ids, names or aliases; globs such as web* allowed'),
    groups: z.array(z.string().min(1)).optional().describe('Group names; the node must be in at least one'),
    sources: z.array(z.string().min(1)).optional().describe('Plugin names; the node must come from at least one'),
    facts: z.record(z.string().min(1), FactCondition).optional().describe('Fact paths (os.family) to a condition'),
  })
  .strict()
/** A node filter. */
export type NodeFilter = z.infer<typeof NodeFilter>

/**
 * What a caller names to act on: a node id, group name or glob, a list of
 * them, or a {@link NodeFilter}.
 */
export const TargetSpec = z.union([z.string().min(1), z.array(z.string().min(1)).min(1), NodeFilter])
/** A target spec. */
export type TargetSpec = z.infer<typeof TargetSpec>
