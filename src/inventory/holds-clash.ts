import type { LinkedRecord } from './merge-linked-records.js'
import { recordsClash } from './records-clash.js'

/**
 * True when two of `records` come from one source under different ids (see
 * {@link recordsClash}): pairwise for the usual handful, by map for more.
 */
export function holdsClash(records: readonly LinkedRecord[]): boolean {
  if (records.length <= 8) {
    for (let i = 1; i < records.length; i++) {
      for (let j = 0; j < i; j++) if (recordsClash(records[i]!, records[j]!)) return true
    }
    return false
  }
  const idBySource = new Map<string, string>()
  for (const { source, identities } of records) {
    const known = idBySource.get(source)
    if (known !== undefined && known !== identities[0]!.key) return true
    idBySource.set(source, identities[0]!.key)
  }
  return false
}
