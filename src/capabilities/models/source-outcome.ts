import { z } from 'zod'

/** How one source answered an aggregated query. */
export const SourceOutcome = z.object({
  plugin: z.string(),
  ok: z.boolean().describe('Whether the source answered in time'),
  count: z.number().int().nonnegative().optional().describe('Items it returned'),
  durationMs: z.number().nonnegative(),
  error: z
    .object({
      code: z.string(),
      message: z.string(),
      cause: z.object({ code: z.string(), message: z.string() }).optional().describe('The error underneath: for PLUGIN_UNAVAILABLE, why the plugin failed to start'),
    })
    .optional()
    .describe('Why it did not answer'),
})
/** How one source answered. */
export type SourceOutcome = z.infer<typeof SourceOutcome>

/** Adds per-source outcomes to an aggregated result shape. */
export function aggregated<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object({
    ...shape,
    sources: z.array(SourceOutcome).describe('Every source asked, with its outcome'),
    partial: z.boolean().describe('True when at least one source failed'),
  })
}
