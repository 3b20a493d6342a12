import { z } from 'zod'
import { inputLimits } from './input-limits.js'

/**
 * A duration in milliseconds that a Node timer can hold: a positive integer
 * of at most `inputLimits.durationMs` (2^31 - 1, about 24.8 days). Beyond
 * it, `setTimeout` fires after 1 ms, so a longer time limit would be none at
 * all and a longer poll interval a busy loop.
 */
export function durationMs(description: string, min = 1) {
  return z
    .number()
    .int({ error: 'must be a whole number of milliseconds' })
    .min(min, { error: `must be at least ${min} ms` })
    .max(inputLimits.durationMs, { error: `must be at most ${inputLimits.durationMs} ms (what a timer holds, about 24.8 days)` })
    .describe(description)
}
