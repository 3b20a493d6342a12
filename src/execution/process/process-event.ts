/** The child process started; `pid` also names its process group. */
export interface ProcessSpawnEvent {
  type: 'spawn'
  /** Process id of the child, which leads its own process group (pgid = pid). */
  pid: number
}

/** Decoded output, yielded in the order it arrived on its stream. */
export interface ProcessOutputEvent {
  type: 'output'
  stream: 'stdout' | 'stderr'
  /** Text decoded with the run's encoding; never ends inside a multibyte character. */
  chunk: string
  /** Raw bytes read from the stream that this chunk accounts for. */
  bytes: number
}

/** The process has exited and both output streams have closed; always the last event. */
export interface ProcessExitEvent {
  type: 'exit'
  /** Exit status, or null when the process died by a signal. */
  exitCode: number | null
  /** The signal that ended the process, or null when it exited by itself. */
  signal: NodeJS.Signals | null
  /**
   * True when the caller's signal aborted before the process finished and its
   * group was therefore signalled. `exitCode` and `signal` say how it really ended
   * (a process may catch SIGTERM and exit 0).
   */
  killed: boolean
  /** The abort signal's `reason`, present when `killed` is true. */
  reason?: unknown
  /**
   * The most output bytes that were ever waiting to be yielded at once. Stays under
   * twice `maxBufferedBytes` however slow the consumer, because reading from the
   * child stops at the mark; exposed so callers and tests can check memory stayed bounded.
   */
  maxQueuedBytes: number
}

/** What {@link runProcess} yields: `spawn`, then `output`s, then `exit`. */
export type ProcessEvent = ProcessSpawnEvent | ProcessOutputEvent | ProcessExitEvent
