import type { ResourceEvent } from 'capstan'
import { z } from 'zod'
import { parsePdbRow } from '../inventory/parse-pdb-row.js'
import { isoTime, PdbTime } from '../inventory/pdb-time.js'
import type { PdbEventRow } from './pdb-event-row.js'

/** The parts of an events row that make up its key, checked under their PuppetDB names. */
const RowIdentity = z.looseObject({
  report: z.string().min(1),
  resource_type: z.string().min(1),
  resource_title: z.string(),
  property: z.string().nullish(),
  status: z.string().min(1),
  timestamp: PdbTime,
})

/** The same parts of a {@link ResourceEvent}, under the model's names. */
const ModelIdentity = z.looseObject({
  reportHash: z.string().min(1),
  resourceType: z.string().min(1),
  resourceTitle: z.string(),
  property: z.string().nullish(),
  status: z.string().min(1),
  timestamp: PdbTime,
})

/**
 * A stable identity of one resource event, to drop the events already seen
 * when the same window is polled again. The same event gives the same key
 * whether it is a row of `/events` or the {@link ResourceEvent} mapped from
 * it or from a report's `resource_events`.
 *
 * The key is a JSON array (so no title or property can fake a separator) of:
 *
 * - the report hash: every run reports its own events, and a drifting
 *   resource yields the same change run after run; those are different
 *   events. The hash names the node too (a report belongs to one node).
 * - resource type and title: a run changes many resources, and a title alone
 *   is ambiguous (`Package[nginx]` and `Service[nginx]`).
 * - property: one resource changes several properties in one run (`ensure`,
 *   `content`, `mode`), each its own event.
 * - status: resource-level events (skipped, refresh) have a null property,
 *   so the status tells them apart; PuppetDB's own event identity has it.
 * - timestamp, as UTC milliseconds: PuppetDB's own event identity has it too,
 *   and it separates events alike in all the rest; normalised because
 *   PuppetDB writes the same instant as `.000Z` in `/events` and `+00:00` in
 *   a report's `resource_events`.
 *
 * Old and new values and the message are left out: they add nothing once
 * the rest is equal, and values can be large. PuppetDB's event `name` is left
 * out because a {@link ResourceEvent} does not carry it, and the key must not
 * depend on where the event was read.
 *
 * @throws CapstanError PLUGIN_ERROR naming the field when a part is missing
 *   or malformed; a {@link ResourceEvent} without `reportHash` has no key.
 */
export function eventKey(event: PdbEventRow | ResourceEvent): string {
  const parts =
    isObject(event) && 'resource_type' in event
      ? rowParts(parsePdbRow(RowIdentity, event, { entity: 'events' }))
      : modelParts(parsePdbRow(ModelIdentity, event, { entity: 'resource event' }))
  return JSON.stringify(parts)
}

function rowParts(row: z.infer<typeof RowIdentity>): unknown[] {
  return [row.report, row.resource_type, row.resource_title, row.property ?? null, row.status, isoTime(row.timestamp)]
}

function modelParts(event: z.infer<typeof ModelIdentity>): unknown[] {
  return [event.reportHash, event.resourceType, event.resourceTitle, event.property ?? null, event.status, isoTime(event.timestamp)]
}

function isObject(value: unknown): value is object {
  return value !== null && typeof value === 'object'
}
