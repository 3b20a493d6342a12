import type { NodeError } from '../../capabilities/models/execution.js'
import type { NodeProcessOutcome } from '../execution/node-process-outcome.js'
import { processFinishedEvent, type NodeFinishedEvent } from '../execution/process-finished-event.js'
import { parseTaskOutput } from './parse-task-output.js'

/** Bolt's error kind for a task that failed without saying why. */
export const TASK_ERROR_KIND = 'puppetlabs.tasks/task-error'

/**
 * The `node:finished` event for a task, by Bolt's result rules: the value is
 * parsed from stdout ({@link parseTaskOutput}); a value with an `_error`
 * object is a `failure` whose error is `{ code: kind, message: msg, details }`
 * whatever the exit code; a non-zero exit is a `failure` with Bolt's generic
 * task error; otherwise `success`. Stopped and unstartable processes end as
 * for commands.
 */
export function taskFinishedEvent(node: string, outcome: NodeProcessOutcome): NodeFinishedEvent {
  if (outcome.kind !== 'exited') return processFinishedEvent(node, outcome)
  const value = parseTaskOutput(outcome.stdout, outcome.stdoutTruncated)
  const error = reportedError(value._error) ?? exitError(outcome.exitCode, outcome.signal)
  return {
    type: 'node:finished',
    node,
    status: error === undefined ? 'success' : 'failure',
    exitCode: outcome.exitCode,
    ...(outcome.signal === undefined ? {} : { signal: outcome.signal }),
    value,
    ...(error === undefined ? {} : { error }),
  }
}

function reportedError(reported: unknown): NodeError | undefined {
  if (typeof reported !== 'object' || reported === null || Array.isArray(reported)) return undefined
  const { kind, msg, details } = reported as Record<string, unknown>
  return {
    code: typeof kind === 'string' && kind !== '' ? kind : TASK_ERROR_KIND,
    message: typeof msg === 'string' ? msg : 'The task reported an error without a message',
    ...(details === undefined ? {} : { details }),
  }
}

function exitError(exitCode: number | null, signal: string | undefined): NodeError | undefined {
  if (exitCode === 0) return undefined
  const message = exitCode === null ? `The task was killed by ${signal ?? 'a signal'}` : `The task failed with exit code ${exitCode}`
  return { code: TASK_ERROR_KIND, message, details: { exit_code: exitCode } }
}
