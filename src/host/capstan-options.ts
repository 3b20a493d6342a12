import type { Logger } from '../capabilities/provider-context.js'
import type { BasePlugin } from '../plugin/base-plugin.js'
import type { FileJournalStoreOptions } from '../journal/file/file-journal-store-options.js'
import type { JournalStore } from '../journal/journal-store.js'
import type { ExecutionStore } from '../execution/execution-store.js'
import type { Policy } from '../rbac/policy.js'
import type { ScriptOptions } from '../scripts/script-options.js'

/** A plugin with the host-side settings for it. */
export interface PluginWiring {
  plugin: BasePlugin
  /** Higher wins for prioritised capabilities (facts) and provider choice (default 0). */
  priority?: number | undefined
  /**
   * How long one call of this plugin's providers may take, in ms (default: the
   * host's `providerTimeoutMs`). It is cut to what is left of the call's
   * deadline (`callTimeoutMs`, or the caller's `options.timeoutMs`).
   */
  timeoutMs?: number | undefined
  /** The plugin's options as given, passed to it as `context.config` (default {}). */
  config?: Record<string, unknown> | undefined
  /** Nodes of this plugin in flight at once, across executions (default: only the global limit). */
  concurrency?: number | undefined
}

/**
 * How a plugin whose start failed for a transient reason (connection refused,
 * timeout, 503: see `isTransientFailure`) is retried in the background: with
 * exponential backoff and full jitter, like {@link capstan/plugin-kit!retry | retry}, until it starts,
 * fails permanently, the attempts run out or the host closes.
 */
export interface StartRetryOptions {
  /** Attempts after the first one (default 30). */
  retries?: number | undefined
  /** Delay before the first retry, and the lower bound of every delay, in ms (default 1,000). */
  minDelayMs?: number | undefined
  /** Upper bound of every delay, in ms (default 60,000). */
  maxDelayMs?: number | undefined
  /** Growth of the delay ceiling per attempt (default 2). */
  factor?: number | undefined
  /** `full` (default) spreads the delays so many hosts do not retry in lockstep; `none` waits exactly the ceiling. */
  jitter?: 'full' | 'none' | undefined
}

/** Options of {@link createCapstan}. */
export interface CapstanOptions {
  /** The plugins to wire, each a plugin instance or a {@link PluginWiring}. */
  plugins?: Array<BasePlugin | PluginWiring> | undefined
  /**
   * RBAC policy. Without one, every principal (and no principal) may invoke
   * everything: set a policy whenever callers are not all trusted.
   */
  policy?: Policy | undefined
  /** Cache lifetimes in ms: inventory (default 30 s) and facts (default 5 min). 0 disables. */
  cache?: { inventoryTtlMs?: number | undefined; factsTtlMs?: number | undefined; maxEntries?: number | undefined } | undefined
  /** A pino-compatible logger; silent by default. */
  logger?: Logger | undefined
  /** How long each plugin may take to initialise, in ms (default 30 s). Each start attempt gets this long. */
  initTimeoutMs?: number | undefined
  /**
   * Background retries of a plugin whose start failed for a transient reason;
   * `false` turns them off (`capstan.restartPlugin(name)` still works).
   * A permanent failure (bad option, bad file, missing executable) is never retried.
   */
  startRetry?: StartRetryOptions | false | undefined
  /**
   * Reject `createCapstan` when any plugin fails to start (with
   * PLUGIN_UNAVAILABLE naming each), closing the plugins that did, for
   * applications that prefer to fail fast. Default false: the others serve,
   * and calls to a failed plugin say why.
   */
  strict?: boolean | undefined
  /** Default time one provider call may take, in ms (default 30 s); a plugin's wiring `timeoutMs` overrides it. */
  providerTimeoutMs?: number | undefined
  /**
   * The deadline of one whole query or action, in ms: resolving its targets
   * or node through inventory, every provider it asks and their retries all
   * end by then, with TIMEOUT. Default: `providerTimeoutMs` (30 s), so a call
   * against a backend that hangs fails within that, whichever services it
   * goes through. A caller sets its own with `options.timeoutMs`. Executions
   * and streams are not limited by it (an execution's limit is its own
   * `options.timeoutMs`).
   */
  callTimeoutMs?: number | undefined
  /** How long a plugin's health result is reused, in ms (default 10 s). */
  healthCacheMs?: number | undefined
  /** Check every provider's output against the capability's schema (default false; on in tests). */
  validateOutput?: boolean | undefined
  /** Nodes in flight at once across all executions, like Bolt's --concurrency (default 50; `capstan.queue.setConcurrency` changes it). */
  concurrency?: number | undefined
  /** Nodes that may wait in the execution queue; beyond it `execute` fails with QUEUE_FULL (default 10,000). */
  maxQueuedNodes?: number | undefined
  /** Output kept per node and stream for replay and results; past it `truncated` is set (default 1 MiB). */
  maxStoredOutputBytes?: number | undefined
  /** How long a stopped process gets between SIGTERM and SIGKILL, in ms (default 5,000). */
  killGraceMs?: number | undefined
  /**
   * Where finished executions are kept (default: the `journal` when one is
   * given, so the history outlives the process; otherwise in memory, 1,000
   * records for 24 h).
   * Its failures are logged, emitted as `store:error` and shown in `health()`; they never change an execution's result.
   */
  executionStore?: ExecutionStore | undefined
  /**
   * Where the node journal is kept: what happened to every node (each
   * execution's outcome per node, package actions, notes added with
   * `journal.add`), served as `journal.*` by the host itself.
   * - `{ dir }` (and the other {@link FileJournalStoreOptions}): the
   *   embedded file store in that directory, opened by `createCapstan` (one
   *   process at a time) and closed by `close()`;
   * - a {@link JournalStore} (such as `@capstan/store-postgres`'s): the
   *   application's, which `close()` leaves open;
   * - default: in memory, the latest 10,000 entries, gone when the process exits.
   *
   * With a directory or a store, `capstan.executions` is served from the
   * journal too (unless `executionStore` is set), so the history outlives the process.
   */
  journal?: JournalStore | FileJournalStoreOptions | undefined
  /** How long Capstan waits for one call into the execution store before it reports a TIMEOUT and moves on, in ms (default 5,000). */
  executionStoreTimeoutMs?: number | undefined
  /**
   * Which files `script.execute` may read here and send to nodes. Without
   * `roots`, any regular file this process can read (up to `maxBytes`):
   * only for callers trusted like the process itself. Set `roots` whenever
   * a script path comes from anyone else (an HTTP or MCP request, a
   * principal of your `policy`).
   */
  scripts?: ScriptOptions | undefined
}
