import type { RolloutOptions } from '../../capabilities/models/rollout-options.js'

/** A rollout resolved against its targets: waves of ids, and the failures tolerated. */
export interface RolloutPlan {
  /** Nodes per wave (the last wave may have fewer). */
  batch: number
  /** The node ids of each wave, in target order. */
  waves: string[][]
  /** Failed nodes tolerated before later waves are skipped; undefined: no limit. */
  maxFailures: number | undefined
  pauseMs: number
  failFast: boolean
}

/** Absorbs the error of binary fractions (10% of 30 is 3.0000000000000004, not more than 3). */
const EPSILON = 1e-9

/**
 * Resolves a rollout against `ids`, the targets in order: a share of the
 * targets for `batch` rounds up (at least 1 node per wave), a share for
 * `maxFailures` rounds down, both taken of every targeted node.
 */
export function planRollout(options: RolloutOptions, ids: readonly string[]): RolloutPlan {
  const total = ids.length
  const batch = Math.max(1, typeof options.batch === 'number' ? options.batch : Math.ceil(shareOf(options.batch, total) - EPSILON))
  const waves: string[][] = []
  for (let i = 0; i < total; i += batch) waves.push(ids.slice(i, i + batch))
  const { maxFailures } = options
  return {
    batch: total === 0 ? 0 : Math.min(batch, total),
    waves,
    maxFailures: maxFailures === undefined ? undefined : typeof maxFailures === 'number' ? maxFailures : Math.floor(shareOf(maxFailures, total) + EPSILON),
    pauseMs: options.pauseMs ?? 0,
    failFast: options.failFast ?? false,
  }
}

/** `'25%'` of `total` nodes, unrounded. */
function shareOf(percent: string, total: number): number {
  return (Number.parseFloat(percent) * total) / 100
}
