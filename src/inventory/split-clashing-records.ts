import { compareStrings } from './compare-strings.js'
import type { IdentityClaims } from './identity-claims.js'
import type { LinkedRecord } from './merge-linked-records.js'
import { UnionFind } from './union-find.js'

/** Nodes that a clashing set of records splits into, and the keys that were not allowed to join them. */
export interface SplitRecords {
  /** Positions of the records of each node. */
  parts: number[][]
  /** Keys whose link would have joined two records of one source. */
  refused: string[]
}

/**
 * Splits records that links joined into one set although two of them come
 * from one source with different ids (each link allowed that, but a chain of
 * them did not). The set's links are applied again in a fixed order: records
 * with the same id first, then FQDN keys, then weak keys (IP addresses, short
 * names), each tier by key; a link that would join two records of one source
 * is refused as a whole. The order depends on names only, so the split is the
 * same whatever order the records came in.
 *
 * `members` are positions in `linked`; `linkedBy(key)` gives the records a
 * key links, all of them among `members`.
 */
export function splitClashingRecords(
  members: readonly number[],
  linked: readonly LinkedRecord[],
  claims: IdentityClaims,
  linkedBy: (key: string) => readonly number[],
): SplitRecords {
  const local = new Map<number, number>()
  members.forEach((member, position) => local.set(member, position))
  const sets = new UnionFind(members.length)
  const byId = new Map<string, number>()
  members.forEach((member, position) => {
    const id = linked[member]!.identities[0]!.key
    const first = byId.get(id)
    if (first === undefined) byId.set(id, position)
    else sets.union(first, position)
  })
  // Each set's records, as source -> id: a set never holds two ids of one source.
  const idsBySource = new Map<number, Map<string, string>>()
  members.forEach((member, position) => {
    const root = sets.find(position)
    let ids = idsBySource.get(root)
    if (ids === undefined) idsBySource.set(root, (ids = new Map()))
    ids.set(linked[member]!.source, linked[member]!.identities[0]!.key)
  })

  const strong = new Map<string, boolean>()
  for (const member of members) {
    for (const { key, kind } of linked[member]!.identities) {
      strong.set(key, kind === 'fqdn')
      const fqdn = kind === 'short' ? claims.fqdnByLabel.get(key) : undefined
      if (typeof fqdn === 'string') strong.set(fqdn, true)
    }
  }
  const keys = [...strong.keys()].sort((a, b) => Number(strong.get(b)) - Number(strong.get(a)) || compareStrings(a, b))

  const refused: string[] = []
  for (const key of keys) {
    const roots = new Set<number>()
    for (const member of linkedBy(key)) roots.add(sets.find(local.get(member)!))
    if (roots.size < 2) continue
    const joined = joinIds(roots, idsBySource)
    if (joined === undefined) {
      refused.push(key)
      continue
    }
    const [first, ...rest] = roots
    for (const root of rest) sets.union(first!, root)
    idsBySource.set(sets.find(first!), joined)
  }

  const parts = new Map<number, number[]>()
  members.forEach((member, position) => {
    const root = sets.find(position)
    const part = parts.get(root)
    if (part === undefined) parts.set(root, [member])
    else part.push(member)
  })
  return { parts: [...parts.values()], refused }
}

/** The source -> id map of the sets joined, or undefined when two of them hold different ids of one source. */
function joinIds(roots: ReadonlySet<number>, idsBySource: ReadonlyMap<number, ReadonlyMap<string, string>>): Map<string, string> | undefined {
  const joined = new Map<string, string>()
  for (const root of roots) {
    for (const [source, id] of idsBySource.get(root)!) {
      const known = joined.get(source)
      if (known !== undefined && known !== id) return undefined
      joined.set(source, id)
    }
  }
  return joined
}
