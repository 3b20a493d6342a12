import type { ErrorCode } from './codes.js'
import type { FieldIssue } from './field-issue.js'

/** The `details` of an error about bad fields: every bad field, and the first one's path. */
export interface FieldIssueDetails {
  /** Every bad field with what is wrong with it; never empty. */
  issues: FieldIssue[]
  /** Path of the first bad field (`node`, `options.rollout`), when the error is about a field. */
  field?: string | undefined
  /** What was checked: a capability id, a plugin's options, a manifest file. */
  subject?: string | undefined
  /** The capability whose input was checked, when there is one. */
  capability?: string | undefined
  /** How many more issues there were than `issues` lists (at most 20 are listed). */
  issuesOmitted?: number | undefined
}

/**
 * The typed `details` of each error code whose details have a known shape;
 * `isCapstanError(e, code)` narrows `e.details` to it. Codes not listed here
 * carry the generic `Record<string, unknown>`. Every shape keeps room for
 * more keys (plugin, capability, node, ...), which are `unknown`.
 */
export interface CapstanErrorDetails {
  VALIDATION_ERROR: FieldIssueDetails
  CONFIG_ERROR: FieldIssueDetails
  UNKNOWN_CAPABILITY: {
    /** The id that was asked for. */
    capability?: string | undefined
    /** The closest known id, when one is close enough to be a typo. */
    suggestion?: string | undefined
  }
  NO_PROVIDER: {
    /** The capability nobody serves. */
    capability?: string | undefined
    /** The plugin the caller named, when it was asked for by name. */
    plugin?: string | undefined
    /** Every plugin that provides the capability (empty when none does). */
    providers?: string[] | undefined
  }
  PLUGIN_UNAVAILABLE: {
    /** The plugin that failed to start, when a call reached it. */
    plugin?: string | undefined
    /** The capability the call asked for. */
    capability?: string | undefined
    /** The error the plugin's last start attempt ended with (also the error's `cause`). */
    startError?: { code: ErrorCode; message: string } | undefined
    /** Whether that error may go away by itself (refused, timeout, 503). */
    transient?: boolean | undefined
    /** What to do about it, in one sentence. */
    hint?: string | undefined
    /** When the host tries the plugin again in the background (ISO 8601), if it will. */
    nextAttemptAt?: string | undefined
    /** With `strict: true`: every plugin that failed to start. */
    plugins?: Array<{ plugin: string; code: ErrorCode; message: string; transient: boolean }> | undefined
  }
  TIMEOUT: {
    /** The limit that passed, in ms. */
    timeoutMs?: number | undefined
    /** When the call's own deadline passed: the setting that set it, to raise if the wait was too short. */
    deadline?: 'options.timeoutMs' | 'callTimeoutMs' | undefined
    /** When a provider was skipped because its plugin already failed earlier in the same call: the capability it failed on. */
    failedEarlier?: string | true | undefined
  }
}

/** The `details` type of a code: its shape from {@link CapstanErrorDetails}, or a plain record. */
export type DetailsOf<C extends ErrorCode> = ErrorCode extends C
  ? Record<string, unknown>
  : C extends keyof CapstanErrorDetails
    ? CapstanErrorDetails[C] & Record<string, unknown>
    : Record<string, unknown>
