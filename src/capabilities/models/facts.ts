import { z } from 'zod'

/**
 * Facts of one node from one provider (or merged from several, with the
 * source of each top-level fact in `factSources`).
 */
export const Facts = z.object({
  node: z.string().min(1),
  source: z.string().describe('Plugin that provided the facts; "merged" when several did'),
  gatheredAt: z.string().describe('ISO 8601 time the facts were gathered'),
  facts: z.record(z.string(), z.unknown()),
  factSources: z.record(z.string(), z.string()).optional().describe('Top-level fact name to plugin, when merged'),
})
/** Facts of a node. */
export type Facts = z.infer<typeof Facts>
