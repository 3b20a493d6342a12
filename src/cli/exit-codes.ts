/** The `capstan` CLI's exit codes. */
export const ExitCode = {
  /** Everything succeeded. */
  ok: 0,
  /** The command ran, and one or more nodes failed. */
  nodesFailed: 1,
  /** A usage or validation error: an unknown command or flag, a bad value. */
  usage: 2,
  /** Any other error: unreachable backend, permission denied, a plugin that failed to start. */
  error: 3,
  /** Stopped by SIGHUP (the terminal went away), after the running command was cancelled: 128 + 1. */
  hangup: 129,
  /** Interrupted by Ctrl-C (SIGINT), after the running command was cancelled: 128 + 2, as shells expect. */
  interrupted: 130,
  /** Stopped by SIGTERM (`kill`, `timeout`, systemd, Kubernetes), after the running command was cancelled: 128 + 15. */
  terminated: 143,
} as const

/** One of {@link ExitCode}'s values. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]
