import { z } from 'zod'
import { nameString } from './models/name-string.js'
import { TargetSpec } from './models/target.js'

// Input fields shared by several capability types, so the same field is
// validated and described the same way everywhere. Internal: not re-exported.

/** The nodes an action runs on. */
export const targets = TargetSpec.describe('Nodes to act on: a node id, group name or glob, a list of them, or a filter')

/** Per-node time limit of an action. */
export const timeoutMs = z.number().int().positive().describe('Per-node time limit in milliseconds; the node ends with status timeout')

/** Environment variables for a process on the node. */
export const env = z.record(nameString(), z.string()).describe('Environment variables set for the process on each node')

/** A point in time a caller passes: ISO 8601 with `Z` or an offset. */
export function isoTime(description: string) {
  return z.iso.datetime({ offset: true }).describe(`${description} (ISO 8601, e.g. 2025-01-31T12:00:00Z)`)
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
