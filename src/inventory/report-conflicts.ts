import {
  maxConflictRecords,
  maxListedConflicts,
  type ConflictRecord,
  type IdentityConflict,
} from '../capabilities/models/identity-conflict.js'
import { compareStrings } from './compare-strings.js'
import { identityKind } from './identity-kind.js'
import type { LinkedRecord } from './merge-linked-records.js'

/** A key linking did not fully use, with the records that claim it. */
export interface FoundConflict {
  key: string
  reason: IdentityConflict['reason']
  records: readonly LinkedRecord[]
}

/** Conflicts as a result lists them: sorted, bounded, and how many were left out. */
export interface ReportedConflicts {
  conflicts: IdentityConflict[]
  conflictsOmitted: number
}

/**
 * Turns found conflicts into what the caller reads: sorted by identity and
 * reason, at most {@link maxListedConflicts} of them, each naming its records
 * once by source and id (a record a source reported twice under one id is
 * one record), at most {@link maxConflictRecords} of them.
 */
export function reportConflicts(found: readonly FoundConflict[]): ReportedConflicts {
  const sorted = [...found].sort((a, b) => compareStrings(a.key, b.key) || compareStrings(a.reason, b.reason))
  const conflicts = sorted.slice(0, maxListedConflicts).map(({ key, reason, records }): IdentityConflict => {
    const named = recordsOf(records)
    return { identity: key, kind: identityKind(key), reason, records: named.slice(0, maxConflictRecords), recordCount: named.length }
  })
  return { conflicts, conflictsOmitted: sorted.length - conflicts.length }
}

/** Distinct records by source and comparable id, sorted; each named by its smallest spelling of the id. */
function recordsOf(claimers: readonly LinkedRecord[]): ConflictRecord[] {
  const records = [...claimers].sort((a, b) => compareStrings(a.source, b.source) || compareStrings(a.identities[0]!.key, b.identities[0]!.key) || compareStrings(a.node.id, b.node.id))
  const out: ConflictRecord[] = []
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!
    const previous = records[i - 1]
    if (previous !== undefined && previous.source === record.source && previous.identities[0]!.key === record.identities[0]!.key) continue
    out.push({ source: record.source, id: record.node.id })
  }
  return out
}
