import { CapstanError } from 'capstan'
import type { FollowSource } from '../../src/events/follow-events.js'

/** One stored event: its identity and its report's receive time. */
export interface StoredEvent {
  id: string
  report_receive_time: string
}

/** `ms` after the epoch, as PuppetDB writes times. */
export const iso = (ms: number): string => new Date(ms).toISOString()

/**
 * An in-memory PuppetDB events endpoint for `followEvents`: events with
 * receive times, read oldest first in pages of `pageSize`, each page a
 * fresh query (so events stored between pages shift the offsets, as in
 * PuppetDB). Records every poll's `from` and every page request.
 */
export class FakeEventStore implements FollowSource<StoredEvent, string> {
  readonly events: StoredEvent[] = []
  /** `from` of every poll, in order. */
  readonly polls: string[] = []
  /** Every page request, as `{ poll, offset }`. */
  readonly pageRequests: Array<{ poll: number; offset: number }> = []
  /** PuppetDB's clock, in ms. */
  serverNow: number
  /** How many times serverTime was asked. */
  serverTimeCalls = 0
  /** False: answer every stored event whatever `from` says (a store that ignores the floor). */
  honourFrom = true
  readonly #pageSize: number
  readonly #failures: Array<{ afterPages: number; error: unknown }> = []
  #hang: ((signal: AbortSignal) => Promise<never>) | undefined

  constructor(options: { pageSize: number; serverNow: number }) {
    this.#pageSize = options.pageSize
    this.serverNow = options.serverNow
  }

  /** Stores an event received at `receivedMs`. */
  add(id: string, receivedMs: number): this {
    this.events.push({ id, report_receive_time: iso(receivedMs) })
    return this
  }

  /** The next poll fails with `error`, after answering `afterPages` pages. */
  failNextPoll(error: unknown, afterPages = 0): void {
    this.#failures.push({ afterPages, error })
  }

  /** Page requests from now on never answer; they reject with CANCELLED when their signal aborts, like the HTTP client. */
  hangPages(): void {
    this.#hang = (signal) =>
      new Promise<never>((_, reject) => {
        const cancel = () => reject(new CapstanError('CANCELLED', { message: 'PuppetDB request cancelled' }))
        if (signal.aborted) cancel()
        else signal.addEventListener('abort', cancel, { once: true })
      })
  }

  /** Answers serverTime instead of the store's clock while set (a PuppetDB that is down or hangs). */
  serverTimeAnswer: ((signal: AbortSignal) => Promise<string>) | undefined

  async serverTime(signal: AbortSignal): Promise<string> {
    this.serverTimeCalls += 1
    return this.serverTimeAnswer === undefined ? iso(this.serverNow) : this.serverTimeAnswer(signal)
  }

  async *pages(from: string, signal: AbortSignal): AsyncGenerator<readonly StoredEvent[]> {
    const poll = this.polls.push(from) - 1
    const failure = this.#failures.shift()
    let offset = 0
    for (let page = 0; ; page += 1) {
      if (failure !== undefined && page === failure.afterPages) throw failure.error
      if (this.#hang !== undefined) await this.#hang(signal)
      if (signal.aborted) throw new CapstanError('CANCELLED', { message: 'PuppetDB paging cancelled' })
      this.pageRequests.push({ poll, offset })
      const floor = Date.parse(from)
      const rows = this.events
        .filter((event) => !this.honourFrom || Date.parse(event.report_receive_time) >= floor)
        .sort((a, b) => Date.parse(a.report_receive_time) - Date.parse(b.report_receive_time) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .slice(offset, offset + this.#pageSize)
      if (rows.length > 0 || offset === 0) yield rows
      if (rows.length < this.#pageSize) return
      offset += rows.length
    }
  }

  key(event: StoredEvent): string {
    return event.id
  }

  map(event: StoredEvent): string {
    return event.id
  }
}
