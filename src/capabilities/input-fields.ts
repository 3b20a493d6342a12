import { z } from 'zod'
import { boundedRecord } from './models/bounded-record.js'
import { durationMs } from './models/duration-ms.js'
import { freeText } from './models/free-text.js'
import { inputLimits } from './models/input-limits.js'
import { nameString } from './models/name-string.js'
import { TargetSpec } from './models/target.js'

// Input fields shared by several capability types, so the same field is
// validated and described the same way everywhere. Internal: not re-exported.

/** The nodes an action runs on. */
export const targets = TargetSpec.describe('Nodes to act on: a node id, group name or glob, a uri (ssh://user@host:port), a list of them, or a filter')

/** Per-node time limit of an action. */
export const timeoutMs = durationMs('Per-node time limit in milliseconds; the node ends with status timeout')

/** An environment variable's name, as POSIX shells take it: `PATH=/x` is not a name. */
const envName = z
  .string()
  .max(inputLimits.nameLength, { error: `must be at most ${inputLimits.nameLength} characters` })
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'must be an environment variable name: a letter or _, then letters, digits or _' })

/** Environment variables for a process on the node. */
export const env = boundedRecord(envName, freeText('The value, passed as it is')).describe('Environment variables set for the process on each node')

/**
 * A point in time a caller passes: ISO 8601 with `Z` or an offset, at most
 * `inputLimits.timestampLength` characters. The one timestamp type of every input.
 */
export function isoTime(description: string) {
  return z.iso
    .datetime({ offset: true })
    .max(inputLimits.timestampLength, { error: `must be at most ${inputLimits.timestampLength} characters` })
    .describe(`${description} (ISO 8601, e.g. 2025-01-31T12:00:00Z)`)
}

/** How many items a list returns at most. */
export function limit(defaultValue: number, max: number) {
  return z.number().int().min(1).max(max).default(defaultValue).describe(`Most items to return (1 to ${max})`)
}

/** How many items to skip, for paging. */
export const offset = z.number().int().min(0).default(0).describe('Items to skip before the first returned, for paging')

/** The id of a record (report, resource, deployment, alert) in its provider. */
export function idField(what: string) {
  return nameString(`Id of the ${what}`)
}

/** A node id to filter by. */
export const nodeFilter = nameString('Only this node (node id)')
