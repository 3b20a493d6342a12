import { CapstanError } from '../../errors/capstan-error.js'
import type { RunProcessOptions } from './run-process-options.js'
import { runProcess } from './run-process.js'

/** Everything a finished process produced, as gathered by {@link collectProcess}. */
export interface CollectedProcess {
  stdout: string
  stderr: string
  /** Exit status, or null when the process died by a signal. */
  exitCode: number | null
  /** The signal that ended the process, or null. */
  signal: NodeJS.Signals | null
  /** True when the run's signal aborted and its process group was signalled. */
  killed: boolean
}

/**
 * Runs a process to the end and returns its whole output. For tests and short
 * commands: output is kept in memory without limit, so stream with
 * {@link runProcess} when it may be large.
 *
 * @throws as {@link runProcess}: NOT_FOUND / PLUGIN_ERROR when it cannot start,
 *   CANCELLED when the signal had aborted before it started.
 */
export async function collectProcess(options: RunProcessOptions): Promise<CollectedProcess> {
  const stdout: string[] = []
  const stderr: string[] = []
  for await (const event of runProcess(options)) {
    if (event.type === 'output') (event.stream === 'stdout' ? stdout : stderr).push(event.chunk)
    if (event.type === 'exit') {
      return { stdout: stdout.join(''), stderr: stderr.join(''), exitCode: event.exitCode, signal: event.signal, killed: event.killed }
    }
  }
  // runProcess always ends with an exit event; reaching here is a bug in it.
  throw new CapstanError('PLUGIN_ERROR', { message: 'runProcess ended without an exit event' })
}
