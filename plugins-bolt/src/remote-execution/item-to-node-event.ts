import type { NodeError } from 'capstan'
import { isRecord, toBoltError, type BoltError, type BoltItem } from '../bolt-cli/bolt-item.js'
import type { NodeFinishedEvent } from './node-event-members.js'

/**
 * Error kinds with which Bolt reports that it could not run anything on the
 * target (as opposed to something that ran and failed).
 */
export const NOT_RUN_KINDS: ReadonlySet<string> = new Set(['puppetlabs.tasks/connect-error', 'puppetlabs.tasks/exception-error'])

/** What replaces a task's `_sensitive` output in the value. */
export const SENSITIVE_PLACEHOLDER = 'Sensitive [value redacted]'

// Actions whose value is only their output (stored by the engine from node:output
// events) and their exit status (the event's exitCode): they carry no value of their own.
const ACTIONS_WITHOUT_VALUE = new Set(['command', 'script'])

/**
 * The `node:finished` event for one of Bolt's items:
 * - `success` → `success`;
 * - `failure` with an `_error` Bolt raised because it could not run anything
 *   (a connect error, an exception; Bolt then reports `object: null`) → `error`,
 *   exit code null;
 * - any other `failure` (non-zero exit, a task's own `_error`) → `failure`.
 * The error is Bolt's `_error` as `{ code: kind, message: msg, details }`.
 * `exitCode` is `value.exit_code` (commands, scripts), else the exit code in
 * the error's details (a failed task), else absent: Bolt does not report it.
 * Tasks (and any action but command and script) carry their value: the task's
 * JSON object, or `{ _output }` for plain text, without `_error` (it is the
 * event's `error`) and with `_sensitive` replaced by {@link SENSITIVE_PLACEHOLDER}.
 * Output (stdout/stderr) is not part of this event; see itemOutputEvents.
 */
export function itemToNodeEvent(item: BoltItem, node: string): NodeFinishedEvent {
  const boltError = toBoltError(item.value._error)
  const notRun = item.status !== 'success' && (item.object === null || (boltError !== undefined && NOT_RUN_KINDS.has(boltError.kind)))
  const status = item.status === 'success' ? 'success' : notRun ? 'error' : 'failure'
  const exitCode = exitCodeOf(item.value, boltError) ?? (notRun ? null : undefined)
  const error = status === 'success' ? undefined : nodeError(boltError, item)
  const value = ACTIONS_WITHOUT_VALUE.has(item.action) ? undefined : taskValue(item.value)
  return {
    type: 'node:finished',
    node,
    status,
    ...(exitCode === undefined ? {} : { exitCode }),
    ...(value === undefined ? {} : { value }),
    ...(error === undefined ? {} : { error }),
  }
}

function exitCodeOf(value: Record<string, unknown>, error: BoltError | undefined): number | undefined {
  if (Number.isInteger(value.exit_code)) return value.exit_code as number
  const fromError = isRecord(error?.details) ? error.details.exit_code : undefined
  return Number.isInteger(fromError) ? (fromError as number) : undefined
}

function nodeError(error: BoltError | undefined, item: BoltItem): NodeError {
  // Bolt always explains a failure; a bare one still needs an error, never a silent failure.
  if (error === undefined) return { code: 'bolt/failure', message: `Bolt reported ${item.status} on ${item.target} without an error` }
  return { code: error.kind, message: error.msg, ...(error.details === undefined ? {} : { details: error.details }) }
}

function taskValue(value: Record<string, unknown>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {}
  for (const [key, entry] of Object.entries(value)) {
    if (key === '_error') continue
    // defineProperty: a task may return a key named __proto__, which plain assignment would drop.
    Object.defineProperty(out, key, { value: key === '_sensitive' ? SENSITIVE_PLACEHOLDER : entry, enumerable: true, writable: true, configurable: true })
  }
  return Object.keys(out).length === 0 ? undefined : out
}
