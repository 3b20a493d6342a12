import type { ErrorCode } from 'capstan'

/**
 * The catalog code for a Bolt error `kind`: Bolt could not reach the target
 * (`puppetlabs.tasks/connect-error`) is UNAVAILABLE, which a retry may fix;
 * anything else (the task failed, raised, or Bolt itself failed) is
 * PLUGIN_ERROR. The `kind` itself travels with the error as `details.reason`.
 */
export function errorCodeOfBoltKind(kind: string | undefined): ErrorCode {
  return kind === 'puppetlabs.tasks/connect-error' ? 'UNAVAILABLE' : 'PLUGIN_ERROR'
}
