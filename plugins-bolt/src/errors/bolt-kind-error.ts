import { CapstanError, type ErrorCode } from 'capstan'

/**
 * A CapstanError for something Bolt reported with an error kind: the catalog
 * code callers branch on, and Bolt's kind (`bolt/unknown-task`,
 * `puppetlabs.tasks/connect-error`) as `details.reason`, the one key every
 * plugin uses for the backend's own reason. No `reason` when Bolt gave no kind.
 */
export function boltKindError(code: ErrorCode, kind: string | undefined, message: string, details: Record<string, unknown>, cause?: unknown): CapstanError {
  return new CapstanError(code, {
    message,
    details: { ...details, ...(kind === undefined ? {} : { reason: kind }) },
    ...(cause === undefined ? {} : { cause }),
  })
}
