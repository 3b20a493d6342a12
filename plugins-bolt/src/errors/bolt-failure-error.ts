import type { CapstanError, ErrorCode } from 'capstan'
import type { BoltError } from '../bolt-cli/bolt-item.js'
import { redactSecrets } from '../bolt-cli/redact-secrets.js'
import { stripAnsi } from '../bolt-cli/strip-ansi.js'
import { boltKindError } from './bolt-kind-error.js'
import { parameterIssues } from './parameter-issues.js'

// Kinds Bolt gives to a name that does not exist: bolt/unknown-task, bolt/unknown-plan, ...
const UNKNOWN_KIND = /\/unknown-[a-z-]+$/
// Bolt's error for a local file it was asked to use (a script) that is missing.
const FILE_ERROR_KIND = 'bolt/file-error'

/**
 * The CapstanError for a run Bolt itself refused or could not carry out (the
 * top-level `_error` of its JSON document), carrying Bolt's own message:
 * - a name Bolt does not know (`bolt/unknown-task`, ...) or a missing local
 *   file (`bolt/file-error`, a script that does not exist) → NOT_FOUND;
 * - a message naming task parameters (missing, of the wrong type, unknown) →
 *   VALIDATION_ERROR, with one `details.issues` entry per parameter
 *   (`params.<name>`);
 * - anything else → PLUGIN_ERROR.
 * NOT_FOUND and VALIDATION_ERROR are the caller's mistakes: the engine fails
 * the invocation with them when no node has started.
 * `details` holds Bolt's `kind` as `reason` and its own details as `boltDetails`.
 */
export function boltFailureError(error: BoltError, secrets: readonly string[] = []): CapstanError {
  const message = redactSecrets(stripAnsi(error.msg), secrets).trim() || `Bolt failed with ${error.kind}`
  const details: Record<string, unknown> = error.details === undefined ? {} : { boltDetails: error.details }
  const issues = parameterIssues(message)
  if (issues.length > 0) return boltKindError('VALIDATION_ERROR', error.kind, message, { ...details, field: issues[0]?.path, issues })
  return boltKindError(codeOf(error.kind), error.kind, message, details)
}

function codeOf(kind: string): ErrorCode {
  return UNKNOWN_KIND.test(kind) || kind === FILE_ERROR_KIND ? 'NOT_FOUND' : 'PLUGIN_ERROR'
}
