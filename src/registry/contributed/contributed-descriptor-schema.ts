import { z } from 'zod'

const MergeStrategy = z.enum(['nodes', 'node', 'groups', 'concat', 'facts'])

/** A Zod schema (of any copy of zod 4): what `input`, `output` and `result` must be. */
const ZodSchema = z.custom<z.ZodType>(
  (value) => typeof value === 'object' && value !== null && '_zod' in value && typeof (value as { safeParse?: unknown }).safeParse === 'function',
  'a Zod schema',
)

const Routing = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('aggregate'), merge: MergeStrategy }).strict(),
  z.object({ mode: z.literal('prioritised'), mergeAll: MergeStrategy.optional() }).strict(),
  z.object({ mode: z.literal('targeted'), execution: z.boolean().optional() }).strict(),
])

/**
 * What a contributed descriptor must look like: the fields `defineCapability`
 * takes, with Zod schemas where schemas go. `served` is the core's own (its
 * caches), so a contributed descriptor cannot have it.
 */
export const ContributedDescriptorSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z][a-zA-Z0-9-]*(\.[a-z][a-zA-Z0-9-]*)*$/, 'an id such as "catalog.compile": the type, a dot, the operation'),
    type: z.string(),
    description: z.string().min(1),
    kind: z.enum(['query', 'action', 'stream']),
    routing: Routing,
    permission: z.string().regex(/^[a-z][a-z0-9-]*(\.[a-zA-Z0-9-]+)+$/, 'a permission such as "catalog.compile"'),
    input: ZodSchema,
    output: ZodSchema,
    result: ZodSchema.optional(),
    localFiles: z.array(z.string().min(1)).optional(),
    derivedFrom: z
      .object({
        capability: z.string().min(1),
        keep: z.array(z.string()).optional(),
        set: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
