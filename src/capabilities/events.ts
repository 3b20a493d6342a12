import { z } from 'zod'
import { defineCapability } from './capability.js'
import { durationMs } from './models/duration-ms.js'
import { nameString } from './models/name-string.js'
import type { ProviderOf } from './handler.js'
import { isoTime, limit, nodeFilter, offset } from './input-fields.js'
import { ResourceEvent, ResourceEventStatus } from './models/resource-event.js'

const resourceType = nameString('Only this resource type, e.g. Package')

/** A page of resource events. */
const eventPage = z.object({
  events: z.array(ResourceEvent).describe('Events, newest first'),
  total: z.number().int().nonnegative().optional().describe('Matching events in all, when the provider knows'),
})

/** Filters of `events.query`. */
export const EventQuery = z
  .object({
    node: nodeFilter.optional(),
    status: ResourceEventStatus.optional().describe('Only events with this outcome: success, failure, noop or skipped'),
    resourceType: resourceType.optional(),
    resourceTitle: nameString('Only this resource title, e.g. /etc/motd', 4096).optional(),
    report: nameString('Only events of this report (its hash)').optional(),
    since: isoTime('Only events at or after this time').optional(),
    until: isoTime('Only events before this time').optional(),
    limit: limit(100, 10_000),
    offset,
  })
  .strict()
/** Filters of `events.query`, after defaults. */
export type EventQuery = z.infer<typeof EventQuery>

/** Events capabilities: resource changes on nodes, listed or followed live. */
export const eventsCapabilities = {
  list: defineCapability({
    id: 'events.list',
    type: 'events',
    description: 'List the latest resource events, of every node or of one',
    kind: 'query',
    routing: { mode: 'prioritised' },
    input: z.object({ node: nodeFilter.optional(), limit: limit(100, 10_000), offset }).strict(),
    output: eventPage,
  }),
  query: defineCapability({
    id: 'events.query',
    type: 'events',
    description: 'Find resource events by node, status, resource, report and time',
    kind: 'query',
    routing: { mode: 'prioritised' },
    input: EventQuery,
    output: eventPage,
  }),
  stream: defineCapability({
    id: 'events.stream',
    type: 'events',
    description: 'Follow resource events as they happen, until the caller stops',
    kind: 'stream',
    routing: { mode: 'prioritised' },
    input: z
      .object({
        node: nodeFilter.optional(),
        status: ResourceEventStatus.optional().describe('Only events with this outcome: success, failure, noop or skipped'),
        resourceType: resourceType.optional(),
        pollIntervalMs: durationMs('How often a polling provider asks for new events, in milliseconds', 100).default(5000),
        since: isoTime('Start with the events at or after this time; by default only new ones').optional(),
      })
      .strict(),
    output: ResourceEvent,
  }),
} as const

/** What an events plugin implements. */
export type EventsProvider = ProviderOf<typeof eventsCapabilities>
