import type { IdentityConflict } from '../../capabilities/models/identity-conflict.js'
import type { Style } from './style.js'

function isConflict(value: unknown): value is IdentityConflict {
  if (typeof value !== 'object' || value === null) return false
  const conflict = value as Partial<IdentityConflict>
  return typeof conflict.identity === 'string' && Array.isArray(conflict.records) && typeof conflict.recordCount === 'number'
}

function describeConflict(conflict: IdentityConflict): string {
  const sources = [...new Set(conflict.records.map((record) => record.source))].join(', ')
  const why = conflict.reason === 'shared' ? `${conflict.recordCount} records of ${sources} claim it` : `it would join records of ${sources} that other names keep apart`
  return `note: ${conflict.kind} ${conflict.identity} linked nothing: ${why}`
}

/**
 * One note line per name that linking did not use (`conflicts` of a node
 * list), and a count line for those left off the result, or an empty string
 * when there are none or the result has no `conflicts` list.
 *
 * @example
 * ```ts
 * renderLinkConflicts({ nodes: [], conflicts: [{ identity: '10.0.2.15', kind: 'ip', reason: 'shared',
 *   records: [{ source: 'bolt', id: 'a' }, { source: 'bolt', id: 'b' }], recordCount: 2 }], conflictsOmitted: 0 }, style)
 * // note: ip 10.0.2.15 linked nothing: 2 records of bolt claim it
 * ```
 */
export function renderLinkConflicts(result: unknown, style: Style): string {
  if (typeof result !== 'object' || result === null) return ''
  const { conflicts, conflictsOmitted } = result as { conflicts?: unknown; conflictsOmitted?: unknown }
  if (!Array.isArray(conflicts)) return ''
  const lines = conflicts.filter(isConflict).map((conflict) => style.dim(describeConflict(conflict)))
  if (typeof conflictsOmitted === 'number' && conflictsOmitted > 0) lines.push(style.dim(`note: ${conflictsOmitted} more names linked nothing`))
  return lines.map((line) => `${line}\n`).join('')
}
