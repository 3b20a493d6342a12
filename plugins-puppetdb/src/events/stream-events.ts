import type { Logger, ResourceEvent } from 'capstan'
import type { PuppetDbTransport } from '../http/puppetdb-transport.js'
import { eventCondition } from './event-query.js'
import { eventKey } from './event-key.js'
import { followEvents } from './follow-events.js'
import { mapEvent } from './map-event.js'
import { receivedEventPages, type ReceivedEventRow } from './read-events.js'

/** The `events.stream` input after defaults. */
export interface StreamEventsInput {
  node?: string
  status?: ResourceEvent['status']
  resourceType?: string
  pollIntervalMs: number
  since?: string
}

/**
 * `events.stream`: new resource events matching the filter, as PuppetDB
 * stores them, until `signal` aborts (see {@link followEvents}).
 */
export function streamEvents(
  transport: PuppetDbTransport,
  { pollIntervalMs, since, ...filter }: StreamEventsInput,
  options: { pageSize: number; lookbackMs: number; signal: AbortSignal; logger: Logger },
): AsyncGenerator<ResourceEvent> {
  return followEvents<ReceivedEventRow, ResourceEvent>(
    {
      serverTime: async (signal) => ((await transport.send({ method: 'GET', path: '/pdb/meta/v1/server-time', signal })).body as { server_time: string }).server_time,
      pages: (from, signal) => receivedEventPages(transport, eventCondition({ ...filter, receivedSince: from }), options.pageSize, signal),
      key: (row) => eventKey(mapEvent(row)),
      map: (row) => mapEvent(row),
    },
    { ...(since === undefined ? {} : { since }), pollIntervalMs, lookbackMs: options.lookbackMs, signal: options.signal, logger: options.logger },
  )
}
