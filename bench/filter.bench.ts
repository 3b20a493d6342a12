import { performance } from 'node:perf_hooks'
import type { Node } from '../src/capabilities/models/node.js'
import type { NodeFilter } from '../src/capabilities/models/target.js'
import { linkNodes } from '../src/inventory/link-nodes.js'
import { nodeMatcher } from '../src/inventory/match-node.js'
import type { BenchResult } from './bench-result.js'
import { generateInventory } from './generate-inventory.js'
import { medianTime } from './median-time.js'
import { regexpNodeMatcher } from './regexp-node-matcher.js'

/** Machines in the generated inventory (linked from three sources each, as in inventory.bench.ts). */
const machines = 10_000
/** A filter is one step of a request: it should cost a small part of one. */
const goalMs = 50

/** Filters as callers write them, over the generated inventory's names and facts. */
const filters: Array<{ name: string; filter: NodeFilter; goalMs?: number }> = [
  {
    name: 'fact regexes',
    filter: { facts: { fqdn: { regex: '^node[0-9]*[05]\\.dc[0-3]\\.example\\.com$' }, 'os.family': { regex: '^(Debian|Ubuntu)$' } } },
  },
  { name: 'name globs', filter: { names: ['node1*', '*.dc3.example.com', 'i-1000000?'] } },
  { name: 'globs, group and regex', filter: { names: ['node*.dc[0-4].example.com'], groups: ['web'], facts: { 'networking.ip': { regex: '^10\\.0\\.[0-9]+\\.1[0-9]*$' } } } },
  // The per-call budget (inputLimits.globs), and the issue's 1,000 globs (over the budget: the schema refuses them in a call, the matcher still copes).
  // Compiling hundreds of globs into one program dominates: the goal is that the event loop is held for well under a second, not 50 ms.
  { name: '256 name globs', filter: { names: Array.from({ length: 256 }, (_, i) => `node${i * 37}*.dc[0-3].example.com`) }, goalMs: 500 },
  { name: '1,000 name globs', filter: { names: Array.from({ length: 1_000 }, (_, i) => `node${i * 9}*.dc[0-3].example.com`) }, goalMs: 500 },
]

/** The issue's filter: a value of a few dozen characters that `^(a+)+$` almost matches. */
const catastrophic: NodeFilter = { facts: { motd: { regex: '^(a+)+$' } } }

/**
 * Filters 10,000 linked nodes with `nodeMatcher` (patterns on RE2) against
 * the matcher it replaced (`RegExp` and picomatch, `regexp-node-matcher.ts`)
 * in the same run, compiling the filter each time as a call does. Then the
 * issue's catastrophic regex, which only the RE2 matcher can finish: the
 * old one is timed on one short value to show how it grows.
 */
export async function benchFilter(): Promise<BenchResult[]> {
  const nodes = linkNodes(generateInventory(machines))
  if (nodes.length !== machines) throw new Error(`linkNodes produced ${nodes.length} nodes, expected ${machines}`)
  const results = filters.map(({ name, filter, goalMs: goal }) => compare(name, nodes, filter, goal))
  results.push(catastrophicResult(nodes))
  return results
}

function compare(name: string, nodes: readonly Node[], filter: NodeFilter, goal = goalMs): BenchResult {
  const expected = nodes.filter(regexpNodeMatcher(filter)).length
  const found = nodes.filter(nodeMatcher(filter)).length
  // Timing two matchers that disagree would compare different work: fail loudly instead.
  if (found !== expected || found === 0) throw new Error(`${name}: RE2 matched ${found} nodes, RegExp ${expected}`)
  const baselineMs = medianTime(() => nodes.filter(regexpNodeMatcher(filter)))
  const ms = medianTime(() => nodes.filter(nodeMatcher(filter)))
  return {
    name: `filter ${machines / 1000}k nodes, ${name} (${found} match), RE2 vs RegExp`,
    ms,
    baselineMs,
    ratio: ms / baselineMs,
    goal: `< ${goal} ms`,
    met: ms < goal,
  }
}

function catastrophicResult(nodes: readonly Node[]): BenchResult {
  const value = (i: number) => `${'a'.repeat(40)}${i % 2 === 0 ? '!' : ''}`
  const withMotd = nodes.map((node, i) => ({ ...node, facts: { ...node.facts, motd: value(i) } }))
  const found = withMotd.filter(nodeMatcher(catastrophic)).length
  if (found !== machines / 2) throw new Error(`^(a+)+$ matched ${found} nodes, expected ${machines / 2}`)
  const ms = medianTime(() => withMotd.filter(nodeMatcher(catastrophic)), { warmups: 1, runs: 5 })
  // The old matcher on ONE value, a few characters at a time: each one more doubles its time.
  regexpNodeMatcher(catastrophic)({ ...nodes[0]!, facts: { motd: `${'a'.repeat(12)}!` } })
  const old = [16, 18, 20, 22].map((length) => {
    const node = { ...nodes[0]!, facts: { motd: `${'a'.repeat(length)}!` } }
    const start = performance.now()
    regexpNodeMatcher(catastrophic)(node)
    return { length, ms: performance.now() - start }
  })
  const last = old.at(-1)!
  const perNodeAt40 = last.ms * 2 ** (40 - last.length)
  return {
    name: `filter ${machines / 1000}k nodes, ^(a+)+$ on a 41-character fact`,
    ms,
    baselineMs: Number.NaN,
    ratio: Number.NaN,
    goal: `< ${goalMs} ms (RegExp: never returns)`,
    met: ms < goalMs,
    summary: `RE2 ${ms.toFixed(1)} ms for ${machines} nodes; RegExp does not return (about ${formatDays(perNodeAt40)} for one node, by doubling from the times below)`,
    details: [`RegExp, one node: ${old.map((o) => `${o.length + 1} chars ${o.ms.toFixed(1)} ms`).join(', ')}`],
  }
}

function formatDays(ms: number): string {
  const days = ms / 86_400_000
  return days >= 1 ? `${days.toFixed(0)} days` : `${(ms / 3_600_000).toFixed(1)} hours`
}
