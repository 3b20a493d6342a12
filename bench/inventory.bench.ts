import { linkNodes } from '../src/inventory/link-nodes.js'
import type { BenchResult } from './bench-result.js'
import { generateInventory } from './generate-inventory.js'
import { medianTime } from './median-time.js'
import { naiveMerge } from './naive-merge.js'

/** Machines in the generated inventory; each is reported by three sources. */
const machines = 10_000
/** The target from the architecture: link 10k machines x 3 sources well within one request. */
const goalMs = 100

/**
 * Times {@link linkNodes} on 10,000 machines reported by three sources with
 * overlapping identities (30,000 records), against a naive merge by exact id
 * measured in the same run.
 */
export async function benchInventory(): Promise<BenchResult> {
  const records = generateInventory(machines)
  const linked = linkNodes(records)
  // A bench that links wrongly would time the wrong work; fail loudly instead.
  if (linked.length !== machines) throw new Error(`linkNodes produced ${linked.length} nodes, expected ${machines}`)
  const baselineMs = medianTime(() => naiveMerge(records))
  const ms = medianTime(() => linkNodes(records))
  return {
    name: `linkNodes ${machines / 1000}k machines x 3 sources`,
    ms,
    baselineMs,
    ratio: ms / baselineMs,
    goal: `< ${goalMs} ms`,
    met: ms < goalMs,
  }
}
