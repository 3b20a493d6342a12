import { ExitCode } from './exit-codes.js'

/**
 * The signals the `capstan` bin stops on the way it does on Ctrl-C, each with
 * the exit code it ends with: 128 + the signal's number, which is what shells,
 * `timeout`, systemd and Kubernetes report for a process that signal ended.
 */
export const STOP_SIGNALS = { SIGHUP: ExitCode.hangup, SIGINT: ExitCode.interrupted, SIGTERM: ExitCode.terminated } as const

/** One of {@link STOP_SIGNALS}. */
export type StopSignal = keyof typeof STOP_SIGNALS

/** What the bin cancels the running command with when it receives a stop signal. */
export class StopSignalReceived extends Error {
  readonly signal: StopSignal

  constructor(signal: StopSignal) {
    super(signal === 'SIGINT' ? 'interrupted (Ctrl-C)' : `stopped by ${signal}`)
    this.name = 'StopSignalReceived'
    this.signal = signal
  }
}

/**
 * The exit code of a command cancelled with `reason`: the stop signal's own
 * code when the bin received one, else 130 (an embedder's abort, like Ctrl-C).
 */
export function stoppedExitCode(reason: unknown): ExitCode {
  return reason instanceof StopSignalReceived ? STOP_SIGNALS[reason.signal] : ExitCode.interrupted
}
