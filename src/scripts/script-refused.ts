import type { CapstanError } from '../errors/capstan-error.js'
import { echo, issuesError } from '../errors/validation-error.js'

/**
 * The caller's VALIDATION_ERROR for a script path the host will not read,
 * naming the input field. It echoes only what the caller passed (cut to 100
 * characters): never the real path, and no file-system error as `cause`,
 * whose message would name it.
 */
export function scriptRefused(capability: string, field: string, given: string, problem: string): CapstanError {
  return issuesError('VALIDATION_ERROR', `Invalid input for ${capability}`, [{ path: field, message: `${echo(given)} ${problem}` }], { capability, subject: capability })
}
