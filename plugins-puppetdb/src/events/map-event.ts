import type { ResourceEvent } from 'capstan'
import { omitNulls } from '../inventory/omit-nulls.js'
import { parsePdbRow } from '../inventory/parse-pdb-row.js'
import { isoTime } from '../inventory/pdb-time.js'
import { PdbEventRow, type PdbReportEventRow } from './pdb-event-row.js'

/** The report a resource event belongs to, when the event itself does not say. */
export interface EventOwner {
  /** Node the report came from. */
  certname: string
  /** The report's hash. */
  reportHash: string
}

/**
 * Maps one row of `/pdb/query/v4/events` onto a {@link ResourceEvent}
 * (`report` becomes `reportHash`). See {@link resourceEventOf} for the
 * fields.
 *
 * `row` is one element of the answer as received: it is checked here.
 *
 * @throws CapstanError PLUGIN_ERROR naming the field, the certname and the
 *   report hash when the row is not what PuppetDB 7 answers (no `report`, an
 *   unknown `status`, ...).
 */
export function mapEvent(row: unknown): ResourceEvent {
  const event = parsePdbRow(PdbEventRow, row, { entity: 'events' })
  return resourceEventOf(event, { certname: event.certname, reportHash: event.report })
}

/**
 * Maps one checked resource event, from the events endpoint or from a
 * report's `resource_events`, onto a {@link ResourceEvent} of `owner`'s
 * report.
 *
 * - `timestamp` is UTC ISO 8601 (`toISOString`), so an event reads the same
 *   from both endpoints (PuppetDB writes `Z` in one, `+00:00` in the other).
 * - `property` and `message` stay null when PuppetDB has none (skipped and
 *   resource-level events), as the model allows.
 * - `oldValue` and `newValue` are left out when null: PuppetDB answers null
 *   for "no value", which a skipped event has.
 * - `containingClass`, `containmentPath`, `file`, `line` and
 *   `correctiveChange` are left out when null (`corrective_change` always is
 *   outside Puppet Enterprise).
 * - PuppetDB's event `name` (`ensure_changed`) has no field in the model and
 *   is dropped; `status` says what happened.
 */
export function resourceEventOf(event: PdbReportEventRow, owner: EventOwner): ResourceEvent {
  return {
    certname: owner.certname,
    reportHash: owner.reportHash,
    timestamp: isoTime(event.timestamp),
    resourceType: event.resource_type,
    resourceTitle: event.resource_title,
    property: event.property ?? null,
    message: event.message ?? null,
    status: event.status,
    ...omitNulls({
      oldValue: event.old_value,
      newValue: event.new_value,
      containingClass: event.containing_class,
      containmentPath: event.containment_path,
      file: event.file,
      line: event.line,
      correctiveChange: event.corrective_change,
    }),
  }
}
