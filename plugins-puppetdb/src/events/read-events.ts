import type { ResourceEvent } from 'capstan'
import type { PuppetDbTransport } from '../http/puppetdb-transport.js'
import type { Ast } from '../query/ast.js'
import { paginate } from '../query/paginate.js'
import { runQuery } from '../query/run-query.js'
import { newestEventsFirst, receivedOrder } from './event-query.js'
import { mapEvent } from './map-event.js'

/** An events row with the receive time of its report, which following events orders by. */
export type ReceivedEventRow = Record<string, unknown> & { report_receive_time: string }

/** One page of events matching `condition`, newest first, with the total. */
export async function readEventPage(
  transport: PuppetDbTransport,
  condition: Ast | undefined,
  page: { limit: number; offset: number; signal: AbortSignal },
): Promise<{ events: ResourceEvent[]; total?: number }> {
  const target = condition === undefined ? { entity: 'events' as const } : { entity: 'events' as const, query: condition }
  const { rows, total } = await runQuery(transport, target, { ...page, orderBy: [...newestEventsFirst], includeTotal: true })
  return { events: rows.map((row) => mapEvent(row)), ...(total === undefined ? {} : { total }) }
}

/** Every event matching `condition`, oldest receive time first, page by page as the consumer asks. */
export async function* receivedEventPages(transport: PuppetDbTransport, condition: Ast | undefined, pageSize: number, signal: AbortSignal): AsyncGenerator<ReceivedEventRow[]> {
  const target = condition === undefined ? { entity: 'events' as const } : { entity: 'events' as const, query: condition }
  for await (const page of paginate<ReceivedEventRow>(transport, target, { pageSize, orderBy: [...receivedOrder], signal })) yield page.rows
}
