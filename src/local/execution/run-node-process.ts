import type { NodeEvent } from '../../capabilities/models/node-event.js'
import { toCapstanError } from '../../errors/capstan-error.js'
import { runProcess } from '../../execution/process/run-process.js'
import type { RunProcessOptions } from '../../execution/process/run-process-options.js'
import type { NodeProcessOutcome } from './node-process-outcome.js'

/**
 * Runs one process for one node: yields its output as `node:output` events
 * as it arrives and returns how it ended. When `captureStdoutBytes` is
 * given, also keeps up to that many bytes of stdout (a task's value is
 * parsed from it); the engine stores the streamed output itself, so nothing
 * is kept by default.
 */
export async function* runNodeProcess(node: string, options: RunProcessOptions, captureStdoutBytes = 0): AsyncGenerator<NodeEvent, NodeProcessOutcome, undefined> {
  let stdout = ''
  let captured = 0
  let stdoutTruncated = false
  try {
    for await (const event of runProcess(options)) {
      if (event.type === 'output') {
        if (event.stream === 'stdout' && captureStdoutBytes > 0 && !stdoutTruncated) {
          // Whole chunks only: a chunk never splits a character, and a cut value is not parsed anyway.
          if (captured + event.bytes <= captureStdoutBytes) {
            stdout += event.chunk
            captured += event.bytes
          } else {
            stdoutTruncated = true
          }
        }
        yield { type: 'node:output', node, stream: event.stream, chunk: event.chunk }
      } else if (event.type === 'exit') {
        const signal = event.signal === null ? {} : { signal: event.signal }
        if (event.killed) return { kind: 'stopped', exitCode: event.exitCode, ...signal, reason: event.reason }
        return { kind: 'exited', exitCode: event.exitCode, ...signal, stdout, stdoutTruncated }
      }
    }
  } catch (error) {
    // runProcess refuses to start once the signal has aborted: that is a stop, not a failure.
    if (options.signal?.aborted) return { kind: 'stopped', exitCode: null, reason: options.signal.reason }
    return { kind: 'failed', error: toCapstanError(error, { node }) }
  }
  return { kind: 'failed', error: toCapstanError(new Error(`the process for ${node} ended without an exit status`), { node }) }
}
