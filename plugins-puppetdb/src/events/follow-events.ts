import type { Logger } from 'capstan'
import { isCapstanError } from 'capstan'
import { abortableSleep, readRetryable } from 'capstan/plugin-kit'

/** One page of event rows as the poller reads them (the fields it needs besides the mapped event). */
export interface ReceivedRow {
  /** PuppetDB's receive time of the event's report (ISO 8601). */
  report_receive_time: string
}

/** How the poller asks PuppetDB for events; the plugin supplies it. */
export interface FollowSource<Row extends ReceivedRow, Item> {
  /** PuppetDB's clock now (ISO 8601), so the start does not depend on ours. */
  serverTime(signal: AbortSignal): Promise<string>
  /**
   * Pages of the events whose report was received at or after `from`,
   * oldest receive time first, fetched lazily.
   */
  pages(from: string, signal: AbortSignal): AsyncIterable<readonly Row[]>
  /** Identity of one event across polls. */
  key(row: Row): string
  /** The event as the caller gets it. */
  map(row: Row): Item
}

/** Options of {@link followEvents}. */
export interface FollowOptions {
  /** Start with events whose report was received at or after this time; default: PuppetDB's now. */
  since?: string
  /** Wait between polls, in ms. */
  pollIntervalMs: number
  /**
   * How far back each poll looks before the newest receive time already
   * seen, in ms. A report PuppetDB received earlier but stored later (its
   * command queue) still shows up, as long as it is stored within this window.
   */
  lookbackMs: number
  signal: AbortSignal
  logger: Logger
}

/**
 * Follows new resource events by polling: each poll reads, page by page,
 * every event received since `max(start, newest seen - lookback)`, and
 * yields those not yielded before. The identities remembered are pruned to
 * the lookback window, so memory stays bounded however long it runs.
 *
 * Ends quietly when `signal` aborts. A retryable failure (PuppetDB down,
 * breaker open) is logged and the next poll tries again, also when it is
 * the first request, for PuppetDB's clock; any other failure ends the
 * stream with that error.
 */
export async function* followEvents<Row extends ReceivedRow, Item>(source: FollowSource<Row, Item>, options: FollowOptions): AsyncGenerator<Item> {
  const { signal } = options
  let start = options.since === undefined ? undefined : Date.parse(options.since)
  let newest = start ?? 0
  /** Event identity to its receive time, for the events inside the lookback window. */
  const seen = new Map<string, number>()
  /** Whether the last poll failed: one warning per outage, not one per poll. */
  let failing = false
  while (!signal.aborted) {
    try {
      // Asked inside the loop, so a stream started while PuppetDB cannot be reached waits for
      // it as a running one does (rather than failing); it starts at PuppetDB's first answer.
      if (start === undefined) newest = start = Date.parse(await source.serverTime(signal))
      const from = new Date(Math.max(start, newest - options.lookbackMs)).toISOString()
      for await (const rows of source.pages(from, signal)) {
        for (const row of rows) {
          // A page already read is not drained after an abort: the caller asked for nothing more.
          if (signal.aborted) return
          const received = Date.parse(row.report_receive_time)
          const key = source.key(row)
          if (received < start || seen.has(key)) continue
          seen.set(key, received)
          if (received > newest) newest = received
          yield source.map(row)
        }
      }
      if (failing) options.logger.info({}, 'events.stream: PuppetDB answers again')
      failing = false
    } catch (error) {
      if (signal.aborted || isCapstanError(error, 'CANCELLED')) return
      if (readRetryable(error) !== true) throw error
      if (failing) options.logger.debug({ err: error }, 'events.stream: poll failed again')
      else options.logger.warn({ err: error }, 'events.stream: poll failed, trying again at each interval until PuppetDB answers')
      failing = true
    }
    for (const [key, received] of seen) if (received < newest - options.lookbackMs) seen.delete(key)
    try {
      await abortableSleep(options.pollIntervalMs, signal)
    } catch {
      return
    }
  }
}
