import type { JournalEntry } from './journal-entry.js'
import type { JournalQuery } from './journal-query.js'

/** The filter part of a journal query: everything but paging. */
export type JournalFilter = Partial<Pick<JournalQuery, 'node' | 'nodes' | 'since' | 'until' | 'kinds' | 'executionId' | 'actor'>>

/**
 * True when an entry passes a query's filters (node, nodes, time range with `since`
 * inclusive and `until` exclusive, kinds, execution, actor). For stores that
 * filter in memory; a database store says the same in its query language.
 */
export function matchesJournalQuery(entry: Pick<JournalEntry, 'node' | 'executionId' | 'actor' | 'kind' | 'time'>, query: JournalFilter): boolean {
  if (query.node !== undefined && entry.node !== query.node) return false
  if (query.nodes !== undefined && !setOf(query.nodes).has(entry.node)) return false
  if (query.executionId !== undefined && entry.executionId !== query.executionId) return false
  if (query.actor !== undefined && entry.actor !== query.actor) return false
  if (query.kinds !== undefined && !query.kinds.includes(entry.kind)) return false
  const time = Date.parse(entry.time)
  if (query.since !== undefined && time < Date.parse(query.since)) return false
  if (query.until !== undefined && time >= Date.parse(query.until)) return false
  return true
}

/** One Set per `nodes` list, so a long list (every node within a principal's reach) is not scanned per entry. */
const nodeSets = new WeakMap<readonly string[], ReadonlySet<string>>()

function setOf(nodes: readonly string[]): ReadonlySet<string> {
  let set = nodeSets.get(nodes)
  if (set === undefined) {
    set = new Set(nodes)
    nodeSets.set(nodes, set)
  }
  return set
}
