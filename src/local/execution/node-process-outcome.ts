import type { CapstanError } from '../../errors/capstan-error.js'

/**
 * How a node's process ended, as {@link runNodeProcess} reports it:
 * - `exited`: it ran to its end (by itself, or killed by someone else);
 * - `stopped`: the execution's signal aborted (cancel or timeout) and the
 *   process was killed, or never started because of it;
 * - `failed`: it could not start (missing executable or working directory).
 */
export type NodeProcessOutcome =
  | { kind: 'exited'; exitCode: number | null; signal?: string; stdout: string; stdoutTruncated: boolean }
  | { kind: 'stopped'; exitCode: number | null; signal?: string; reason: unknown }
  | { kind: 'failed'; error: CapstanError }
