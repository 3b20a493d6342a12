/** Something the CLI writes to: process.stdout and process.stderr, or a test's buffers. */
export interface CliStream {
  write(chunk: string): unknown
  /** True when it is a terminal (colour, progress line). */
  isTTY?: boolean
  /** Terminal width, when it is one. */
  columns?: number
}

/** Everything the CLI reads from and writes to: `process` in the bin, fakes in tests. */
export interface CliIo {
  /** Arguments after `capstan`. */
  argv: string[]
  cwd: string
  env: Record<string, string | undefined>
  stdout: CliStream
  stderr: CliStream
  /** The core's version, for `--version` and help. */
  version: string
  /** Aborts a running command (SIGINT, SIGTERM or SIGHUP in the bin, with a `StopSignalReceived` reason naming it). */
  signal?: AbortSignal
  /** Ends the stop's grace at once: what is left of the cancelled command gets SIGKILL now (a second signal in the bin). */
  killSignal?: AbortSignal
}
