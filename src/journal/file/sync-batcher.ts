/** A promise with its resolve and reject. */
interface Deferred {
  promise: Promise<void>
  resolve: () => void
  reject: (error: unknown) => void
}

function deferred(): Deferred {
  let resolve!: () => void
  let reject!: (error: unknown) => void
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/**
 * Group commit: every {@link SyncBatcher.request} made within one window
 * shares one sync. The first request after a quiet time starts the window
 * (`windowMs`, 0: the next turn of the event loop); requests made while a
 * sync runs share the next one, which starts as soon as that sync ends. So
 * a request waits at most one window plus the syncs in flight.
 */
export class SyncBatcher {
  readonly #windowMs: number
  readonly #sync: () => Promise<void>
  /** The sync the requests made so far wait for, not started yet. */
  #next: Deferred | undefined
  /** Cancels the wait for the window to pass, while one is armed. */
  #timer: (() => void) | undefined
  #running: Promise<void> | undefined

  constructor(windowMs: number, sync: () => Promise<void>) {
    this.#windowMs = windowMs
    this.#sync = sync
  }

  /** Resolves after a sync that started after this call; rejects with that sync's error. */
  request(): Promise<void> {
    if (this.#next === undefined) {
      this.#next = deferred()
      if (this.#running === undefined) this.#arm()
    }
    return this.#next.promise
  }

  /** Starts the pending sync now, if any, and waits until no sync runs. */
  async flush(): Promise<void> {
    if (this.#timer !== undefined) {
      this.#timer()
      this.#start()
    }
    while (this.#running !== undefined) await this.#running
  }

  /** Starts the sync once the window passed (0: on the next turn of the event loop, after I/O callbacks). */
  #arm(): void {
    if (this.#windowMs === 0) {
      const immediate = setImmediate(() => this.#start())
      this.#timer = () => clearImmediate(immediate)
    } else {
      const timeout = setTimeout(() => this.#start(), this.#windowMs)
      this.#timer = () => clearTimeout(timeout)
    }
  }

  #start(): void {
    this.#timer = undefined
    const batch = this.#next
    this.#next = undefined
    if (batch === undefined) return
    this.#running = this.#sync()
      .then(batch.resolve, batch.reject)
      .finally(() => {
        this.#running = undefined
        // Requests made while this sync ran have waited long enough: start theirs now.
        if (this.#next !== undefined) this.#start()
      })
  }
}
