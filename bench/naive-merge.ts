import type { SourceRecord } from '../src/inventory/source-record.js'

/** A node merged by exact id only: the baseline {@link linkNodes} is compared with. */
export interface NaiveNode {
  /** The id as the source wrote it. */
  id: string
  /** Every source that used this exact id (repeats kept: the baseline does no more work than it must). */
  sources: string[]
  /** Groups of every record with this id. */
  groups: string[]
  /** Vars of every record, the last one winning. */
  vars: Record<string, unknown>
  /** Facts of every record, the last one winning. */
  facts: Record<string, unknown>
}

/**
 * Merges records that have exactly the same id, with one Map and no identity
 * rules: the cheapest merge that still builds one object per node, so the
 * ratio shows what transitive linking costs on top of it.
 */
export function naiveMerge(records: readonly SourceRecord[]): NaiveNode[] {
  const byId = new Map<string, NaiveNode>()
  for (const { source, node } of records) {
    let merged = byId.get(node.id)
    if (merged === undefined) {
      merged = { id: node.id, sources: [], groups: [], vars: {}, facts: {} }
      byId.set(node.id, merged)
    }
    merged.sources.push(source)
    if (node.groups !== undefined) merged.groups.push(...node.groups)
    Object.assign(merged.vars, node.vars)
    Object.assign(merged.facts, node.facts)
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}
