import type { BasePlugin, Logger, MetricsSink } from 'capstan'

/**
 * Why a check does not run: one reason for every capability, or reasons
 * keyed by capability id for only those. Every skip is reported in the
 * results with its reason.
 */
export type SkipReason = string | Readonly<Record<string, string>>

/** Checks a plugin opts out of, each with its reason (see {@link ConformanceCheck}). */
export interface ConformanceSkips {
  /** Skip the plugin.json comparison. */
  manifest?: SkipReason | undefined
  /** Skip starting the plugin (and so every check that calls it). */
  initialize?: string | undefined
  /** Skip the bad-input check. */
  'input-validation'?: SkipReason | undefined
  /** Skip calling handlers with the sample inputs. */
  'output-schema'?: SkipReason | undefined
  /** Skip the check of thrown errors (and the calls made only for it, such as the unknown node). */
  'error-codes'?: SkipReason | undefined
  /** Skip aborting streams and executions. */
  abort?: SkipReason | undefined
  /** Skip the health report check. */
  health?: string | undefined
  /** Skip the open-handle check after dispose. */
  dispose?: string | undefined
}

/** What the kit puts in the {@link capstan!PluginContext | PluginContext} it starts the plugin with, where the defaults do not fit. */
export interface ConformanceContext {
  /**
   * Where the plugin logs; default: a {@link RecordingLogger} nobody reads.
   * The host of the bad-input check is a {@link createTestCapstan}, which
   * keeps only a RecordingLogger and records into a new one otherwise.
   */
  logger?: Logger | undefined
  /** The plugin's options as the host would pass them (`context.config`); default `{}`. */
  config?: Readonly<Record<string, unknown>> | undefined
  /** Grace between SIGTERM and SIGKILL for stopped processes, in ms; default 1,000 (shorter than a host's, so aborts fit in the time bound). */
  killGraceMs?: number | undefined
  /** Where the plugin records metrics; default: a sink that drops them. */
  metrics?: MetricsSink | undefined
}

/** Options of {@link runConformance} and {@link assertConformance}. */
export interface ConformanceOptions {
  /**
   * Makes a new, uninitialised plugin. Called once for every check that needs
   * a fresh instance (a host for the bad inputs, a session for the calls, one
   * for dispose), so the checks do not see each other's state.
   */
  plugin: () => BasePlugin | Promise<BasePlugin>
  /** The plugin's package directory, whose plugin.json (through `package.json`'s `capstan.plugin`) is compared with the code; without it the manifest check is skipped. */
  packageDir?: string | undefined
  /**
   * A valid input per capability id, as a caller passes it (before defaults):
   * a node the backend knows, a command such as `echo hi`. A capability
   * without one is called with `{}` when its schema accepts that; otherwise
   * the checks that call it are skipped, saying so.
   */
  inputs?: Readonly<Record<string, unknown>> | undefined
  /** Input for the abort check when it should differ from `inputs`: a command that runs long (`sleep 30`), a stream that starts far back. */
  abortInputs?: Readonly<Record<string, unknown>> | undefined
  /** More inputs per capability id that must be refused with VALIDATION_ERROR before the handler runs, besides those the kit derives from the schema. */
  badInputs?: Readonly<Record<string, readonly unknown[]>> | undefined
  /** What the plugin's context holds, where the defaults do not fit. */
  context?: ConformanceContext | undefined
  /**
   * How long one step may take, in ms (default 5,000): starting the plugin,
   * one call, stopping after an abort, handles closing after dispose.
   * Exceeding it is a failed check, never a hang.
   */
  timeoutMs?: number | undefined
  /** Checks the plugin opts out of, with the reason. */
  skip?: ConformanceSkips | undefined
}
