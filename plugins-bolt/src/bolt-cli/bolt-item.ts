/**
 * One element of `items` in Bolt's JSON result: what happened on one target.
 * `value` holds stdout, stderr, merged_output and exit_code for commands and
 * scripts, the task's own JSON object for tasks (`{ _output }` when the task
 * printed plain text), and `_error` whenever the target did not succeed.
 */
export interface BoltItem {
  /** Bolt's name for the target (the name given in --targets, or a group member's name). */
  target: string
  /** `command`, `script`, `task`, ... */
  action: string
  /** The command line, script path or task name; null when Bolt could not run anything (connection failed, exception). */
  object: string | null
  /** `success` or `failure`. */
  status: string
  value: Record<string, unknown>
}

/** The `_error` object Bolt puts in a failed item's value and at the top level of a failed run. */
export interface BoltError {
  kind: string
  msg: string
  details?: unknown
  issue_code?: string
}

/** `value` as a {@link BoltItem} when it has the fields the plugin relies on, else undefined. */
export function toBoltItem(value: unknown): BoltItem | undefined {
  if (!isRecord(value)) return undefined
  const { target, action, object, status } = value
  if (typeof target !== 'string' || target === '' || typeof status !== 'string') return undefined
  return {
    target,
    action: typeof action === 'string' ? action : '',
    object: typeof object === 'string' ? object : null,
    status,
    // Bolt always sends an object; anything else carries nothing the plugin can use.
    value: isRecord(value.value) ? value.value : {},
  }
}

/** `value` as a {@link BoltError} when it has at least a message, else undefined. */
export function toBoltError(value: unknown): BoltError | undefined {
  if (!isRecord(value) || typeof value.msg !== 'string') return undefined
  return {
    kind: typeof value.kind === 'string' && value.kind !== '' ? value.kind : 'bolt/error',
    msg: value.msg,
    ...(value.details === undefined ? {} : { details: value.details }),
    ...(typeof value.issue_code === 'string' ? { issue_code: value.issue_code } : {}),
  }
}

/** A plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
