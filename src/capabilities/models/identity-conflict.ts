import { z } from 'zod'

/** At most this many conflicts are listed on one result; `conflictsOmitted` counts the rest. */
export const maxListedConflicts = 100

/** At most this many records are listed per conflict; `recordCount` gives the total. */
export const maxConflictRecords = 10

/** One record as its source reported it: enough to find it in that source. */
export const ConflictRecord = z.object({
  source: z.string().describe('Plugin that reported the record'),
  id: z.string().describe('The record\'s id in that source'),
})
/** One record of a conflict. */
export type ConflictRecord = z.infer<typeof ConflictRecord>

/**
 * A name that linking did not use, and the records that claim it. Linking
 * never puts two records of one source with different ids into one node, so
 * a name that several of them claim (every VirtualBox NAT guest reports
 * `10.0.2.15`) cannot say which machine it is.
 */
export const IdentityConflict = z.object({
  identity: z.string().describe('The name in comparable form (trimmed, lower-case, canonical IPv6)'),
  kind: z.enum(['fqdn', 'short', 'ip']).describe('What the name looks like: an FQDN is a strong identity, a short name or an IP address a weak one'),
  reason: z
    .enum(['shared', 'transitive'])
    .describe(
      "shared: two or more records of one source claim it, so it links no record whose id it is not; transitive: other links already keep apart two records of one source that it would join",
    ),
  records: z.array(ConflictRecord).max(maxConflictRecords).describe('Records that claim it, by source then id (at most 10)'),
  recordCount: z.number().int().min(2).describe('How many records claim it; more than records has when the list was cut'),
})
/** A name linking did not use; see {@link IdentityConflict}. */
export type IdentityConflict = z.infer<typeof IdentityConflict>

/** The fields a linked node list carries about names it could not use. */
export const linkConflictFields = {
  conflicts: z
    .array(IdentityConflict)
    .max(maxListedConflicts)
    .describe('Names that did not link because more than one record of a source claims them, sorted by identity (at most 100)'),
  conflictsOmitted: z.number().int().nonnegative().describe('Conflicts left out of conflicts to keep the result short'),
}
