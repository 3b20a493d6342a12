import type { PoolClient } from 'pg'

/** How long the listener waits before connecting again after losing its connection: doubling from the first, up to the last. */
const reconnectDelays = { firstMs: 250, maxMs: 10_000 }

/**
 * One connection LISTENing on the store's channel, shared by every follower
 * of the store: open while at least one follower runs. Each notification
 * (and each reconnect, after which notifications may have been missed) wakes
 * every follower, which then reads what is new. A lost connection is opened
 * again, with growing delays; meanwhile followers fall back to polling.
 */
export class NotificationListener {
  readonly #connect: () => Promise<PoolClient>
  readonly #channel: string
  #followers = 0
  #client: PoolClient | undefined
  #wake = wakeUp()
  #retry: NodeJS.Timeout | undefined
  #delayMs = reconnectDelays.firstMs
  /** Bumped by every start and stop, so a connection that opens after a stop is closed at once. */
  #generation = 0

  /** `connect` gives a connection of its own (it is destroyed, not reused, when the listener stops); `channel` is quoted for LISTEN. */
  constructor(connect: () => Promise<PoolClient>, channel: string) {
    this.#connect = connect
    this.#channel = channel
  }

  /** Resolves at the next notification or reconnect: take it before reading, then wait on it, and nothing is missed. */
  next(): Promise<void> {
    return this.#wake.promise
  }

  /** Whether a connection is LISTENing now. */
  get listening(): boolean {
    return this.#client !== undefined
  }

  /** A follower starts: the first one opens the connection. */
  acquire(): void {
    this.#followers += 1
    if (this.#followers === 1) {
      this.#generation += 1
      void this.#open(this.#generation)
    }
  }

  /** A follower ends: the last one closes the connection. */
  release(): void {
    this.#followers = Math.max(0, this.#followers - 1)
    if (this.#followers === 0) this.stop()
  }

  /** Closes the connection and stops reconnecting. */
  stop(): void {
    this.#generation += 1
    clearTimeout(this.#retry)
    this.#retry = undefined
    this.#drop()
  }

  #wakeAll(): void {
    this.#wake.resolve()
    this.#wake = wakeUp()
  }

  #drop(): void {
    const client = this.#client
    this.#client = undefined
    // Destroyed, not returned to the pool: a LISTENing session must not serve queries.
    client?.release(true)
  }

  async #open(generation: number): Promise<void> {
    let client: PoolClient | undefined
    try {
      const opened = await this.#connect()
      client = opened
      opened.on('error', () => this.#lost(opened, generation))
      opened.on('end', () => this.#lost(opened, generation))
      opened.on('notification', () => this.#wakeAll())
      await opened.query(`LISTEN ${this.#channel}`)
    } catch {
      client?.release(true)
      if (generation === this.#generation) this.#reconnectLater(generation)
      return
    }
    if (generation !== this.#generation) {
      client.release(true)
      return
    }
    this.#client = client
    this.#delayMs = reconnectDelays.firstMs
    // Anything appended while there was no connection: followers read again.
    this.#wakeAll()
  }

  #lost(client: PoolClient, generation: number): void {
    if (generation !== this.#generation || this.#client !== client) return
    this.#drop()
    this.#wakeAll()
    this.#reconnectLater(generation)
  }

  #reconnectLater(generation: number): void {
    this.#retry = setTimeout(() => {
      this.#retry = undefined
      if (generation === this.#generation) void this.#open(generation)
    }, this.#delayMs)
    this.#retry.unref()
    this.#delayMs = Math.min(this.#delayMs * 2, reconnectDelays.maxMs)
  }
}

/** A promise and its resolve, resolved once to wake everyone waiting on it. */
export function wakeUp(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}
