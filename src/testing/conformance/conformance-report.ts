import type { ConformanceCheck } from './conformance-check.js'

/**
 * The outcome of one check, for one capability or for the whole plugin.
 * A skipped check is `ok` with the reason in `skipped`: it is reported, not
 * hidden, and it does not fail the report.
 */
export interface ConformanceResult {
  /** Which check. */
  check: ConformanceCheck
  /** The capability id it is about; absent for checks of the whole plugin (health, dispose, the manifest's name). */
  capability?: string | undefined
  /** False when the plugin failed the check. */
  ok: boolean
  /** What was wrong, when `ok` is false. */
  problem?: string | undefined
  /** Why the check did not run, when it was skipped. */
  skipped?: string | undefined
}

/** What {@link runConformance} found: one result per check and capability. */
export interface ConformanceReport {
  /** The plugin's `metadata.name`. */
  plugin: string
  /** True when no check failed (skipped checks do not fail). */
  ok: boolean
  /** Every result, in check order. */
  results: ConformanceResult[]
  /** The results that failed. */
  failures: ConformanceResult[]
}
