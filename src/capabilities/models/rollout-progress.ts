import { z } from 'zod'

/**
 * How far a rolling execution got (the `rollout` of its `ExecutionResult`,
 * present when the execution had a `rollout` option).
 */
export const RolloutProgress = z.object({
  batch: z.number().int().nonnegative().describe('Nodes per wave, the `batch` option resolved against the targets'),
  waves: z.number().int().nonnegative().describe('Waves the targets were split into'),
  startedWaves: z.number().int().nonnegative().describe('Waves that started'),
  completedWaves: z.number().int().nonnegative().describe('Waves that ran to their end: neither cancelled, out of time nor cut short by failFast'),
  failed: z.number().int().nonnegative().describe('Nodes that failed: status failure, error or timeout'),
  maxFailures: z.number().int().nonnegative().optional().describe('Failed nodes tolerated, the `maxFailures` option resolved against the targets'),
  stoppedBy: z
    .enum(['maxFailures', 'cancelled', 'timeout'])
    .optional()
    .describe('What stopped the rollout before every wave completed: more failures than maxFailures tolerates, a cancel, or the execution\'s own timeoutMs'),
})
/** How far a rolling execution got. */
export type RolloutProgress = z.infer<typeof RolloutProgress>
