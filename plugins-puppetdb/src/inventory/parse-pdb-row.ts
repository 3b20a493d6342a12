import { CapstanError } from 'capstan'
import { fieldIssues } from 'capstan/plugin-kit'
import type { z } from 'zod'

/** What a row is, for the error when it is not what PuppetDB 7 answers. */
export interface PdbRowContext {
  /** The entity, as named in the message: `nodes`, `inventory`, `reports`, ... */
  entity: string
  /** Plugin that read the row, put in `details.plugin`. */
  plugin?: string
}

/**
 * Checks one row of a PuppetDB answer against `schema` and returns it.
 * PuppetDB's rows are an outside contract: when one is not what PuppetDB 7
 * answers, the caller must learn which field of which node or report broke,
 * not meet a TypeError three calls later.
 *
 * @throws CapstanError PLUGIN_ERROR whose message names the entity, the row's
 *   certname and hash (or report) when it has them, and every bad field;
 *   `details` has `entity`, `certname`, `hash`, `report`, `field` (the first
 *   bad one, `resource_events.data[0].status`), `issues` and `plugin`.
 */
export function parsePdbRow<Schema extends z.ZodType>(schema: Schema, row: unknown, context: PdbRowContext): z.output<Schema> {
  const parsed = schema.safeParse(row)
  if (parsed.success) return parsed.data
  const issues = fieldIssues(parsed.error)
  const identity = rowIdentity(row)
  const named = Object.entries(identity).map(([key, value]) => `${key} ${value}`)
  const listed = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')
  throw new CapstanError('PLUGIN_ERROR', {
    message: `Unexpected ${context.entity} row from PuppetDB${named.length === 0 ? '' : ` (${named.join(', ')})`}: ${listed}`,
    details: {
      ...(context.plugin === undefined ? {} : { plugin: context.plugin }),
      entity: context.entity,
      ...identity,
      field: issues[0]?.path,
      issues,
    },
    cause: parsed.error,
  })
}

/** The row's certname and report hash, when it has them as strings, to say which row broke. */
function rowIdentity(row: unknown): { certname?: string; hash?: string; report?: string } {
  if (row === null || typeof row !== 'object') return {}
  const fields = row as Record<string, unknown>
  const out: { certname?: string; hash?: string; report?: string } = {}
  for (const key of ['certname', 'hash', 'report'] as const) {
    const value = fields[key]
    if (typeof value === 'string' && value !== '') out[key] = value
  }
  return out
}
