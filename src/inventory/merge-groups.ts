import type { NodeGroup } from '../capabilities/models/node.js'
import { compareStrings } from './compare-strings.js'
import { mergeFirstWins } from './merge-first-wins.js'
import { sortedUnique } from './sorted-unique.js'

/** One group as one source reported it: the input of {@link mergeGroups}. */
export interface SourceGroupRecord {
  /** Name of the plugin that reported the group. */
  source: string
  /** The group as that plugin reported it. */
  group: NodeGroup
}

/**
 * Merges groups by exact name across sources (group names are labels, not
 * hostnames, so `Web` and `web` stay apart). Members and child groups are
 * unioned and sorted; `sources` lists every reporting plugin plus any the
 * record already named. For `vars`, `config` and `facts` the records are
 * taken in source-name order and the first value of each top-level key wins,
 * as for nodes, so the result does not depend on which source answered first.
 * Sorted by name.
 */
export function mergeGroups(records: readonly SourceGroupRecord[]): NodeGroup[] {
  const byName = new Map<string, SourceGroupRecord[]>()
  for (const record of records) {
    const same = byName.get(record.group.name)
    if (same === undefined) byName.set(record.group.name, [record])
    else same.push(record)
  }
  return [...byName.values()].map(mergeOne).sort((a, b) => compareStrings(a.name, b.name))
}

function mergeOne(records: readonly SourceGroupRecord[]): NodeGroup {
  // Content breaks ties between two records of one source, so input order never decides precedence.
  const ordered = [...records].sort(
    (a, b) => compareStrings(a.source, b.source) || compareStrings(JSON.stringify(a.group), JSON.stringify(b.group)),
  )
  const groups = ordered.map(({ group }) => group)
  const merged: NodeGroup = {
    name: groups[0]!.name,
    nodes: sortedUnique(groups.flatMap((group) => group.nodes)),
    sources: sortedUnique(ordered.flatMap(({ source, group }) => [source, ...(group.sources ?? [])])),
  }
  if (groups.some((group) => group.groups !== undefined)) merged.groups = sortedUnique(groups.flatMap((group) => group.groups ?? []))
  for (const field of ['vars', 'config', 'facts'] as const) {
    const values = groups.map((group) => group[field]).filter((value) => value !== undefined)
    if (values.length > 0) merged[field] = mergeFirstWins(values)
  }
  return merged
}
