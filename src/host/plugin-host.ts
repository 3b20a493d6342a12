import type { EventEmitter } from 'eventemitter3'
import type { Logger } from '../capabilities/provider-context.js'
import { abortableSleep } from '../errors/abortable-sleep.js'
import { CapstanError, isCapstanError, toCapstanError } from '../errors/capstan-error.js'
import { closestMatch } from '../errors/closest-match.js'
import { configError } from '../errors/config-error.js'
import { isTransientFailure } from '../errors/is-transient-failure.js'
import { retryDelay, retryTiming, type RetryTiming } from '../errors/retry.js'
import type { FactsCache } from '../facts/facts-cache.js'
import type { InventoryCache } from '../inventory/inventory-cache.js'
import type { MetricsSink } from '../metrics/metrics-sink.js'
import type { BasePlugin } from '../plugin/base-plugin.js'
import { CORE_VERSION } from '../plugin/core-version.js'
import type { HealthStatus } from '../plugin/health.js'
import { PluginMetadata } from '../plugin/plugin-metadata.js'
import type { PluginState } from '../plugin/plugin-state.js'
import type { CapabilityRegistry } from '../registry/capability-registry.js'
import type { StartFailure } from '../registry/unavailable-provider.js'
import type { ExecutionQueue } from '../execution/queue/execution-queue.js'
import { DEFAULT_GRACE_MS as DEFAULT_KILL_GRACE_MS } from '../execution/process/run-process-options.js'
import type { PluginWiring, StartRetryOptions } from './capstan-options.js'
import type { HostEvents } from './host-events.js'
import { startFailureHint } from './start-failure-hint.js'

/** Background start retries when the host options say nothing: about 25 minutes at most, then `restartPlugin`. */
const DEFAULT_START_RETRY = { retries: 30, minDelayMs: 1_000, maxDelayMs: 60_000, factor: 2, jitter: 'full' } as const

/** The next background start attempt of a plugin. */
export interface NextStartAttempt {
  /** Its number in this round of retries (2 is the first retry). */
  attempt: number
  /** Attempts this round allows, the first one included. */
  maxAttempts: number
  /** The wait before it, in ms. */
  delayMs: number
  /** When it starts (ISO 8601). */
  at: string
}

/** A wired plugin as the host reports it. */
export interface PluginInfo {
  name: string
  version: string
  state: PluginState
  priority: number
  integrationTypes: string[]
  /** The capabilities routed to it: those it declares once it is ready, none before. */
  capabilities: string[]
  error?: { code: string; message: string } | undefined
  /** Start attempts so far: 1 for a plugin that started at once, more after retries. */
  startAttempts: number
  /** For a failed plugin: whether its error may go away by itself (`transient`, retried) or needs a fix (`permanent`). */
  startFailure?: 'transient' | 'permanent' | undefined
  /** The next background start attempt, while one is scheduled. */
  nextStartAttempt?: NextStartAttempt | undefined
}

interface PluginRecord {
  plugin: BasePlugin
  wiring: PluginWiring
  /** Wiring index: keeps a plugin that starts late in its place among equal priorities. */
  index: number
  state: PluginState
  /** The error of the last attempt, while the plugin is not ready. */
  error?: CapstanError
  transient: boolean
  attempts: number
  /** Aborts the current attempt's context signal: close, the init timeout, or its failure. */
  controller: AbortController
  /** The attempt in progress. */
  starting?: Promise<void>
  /** The background retries in progress; aborting it stops them. */
  retrying?: AbortController
  next?: NextStartAttempt
}

/** What the plugin host needs from the Capstan instance. */
export interface PluginHostDeps {
  registry: CapabilityRegistry
  logger: Logger
  caches: { inventory: InventoryCache; facts: FactsCache }
  metrics: MetricsSink
  events: EventEmitter<HostEvents>
  /** Per-plugin concurrency limits are set on it as plugins become ready. */
  queue: ExecutionQueue
  initTimeoutMs: number
  /** Background retries of transient start failures (defaults above); `false` turns them off. */
  startRetry?: StartRetryOptions | false
  /** Handed to plugins in their context (default 5 s). */
  killGraceMs?: number
  /** Overrides every plugin's own health cache window, when set. */
  healthCacheMs?: number
}

/**
 * Owns plugin lifecycle: initialises every plugin in parallel with its own
 * timeout and routes those that became ready. A plugin that fails is kept
 * and known to routing as unavailable, so calls to it say why; a transient
 * failure is retried in the background with backoff until it starts, and
 * {@link PluginHost.restart} tries again on demand. Everything is disposed,
 * and every pending retry cancelled, at close.
 */
export class PluginHost {
  readonly #records = new Map<string, PluginRecord>()
  readonly #deps: PluginHostDeps
  readonly #retry: RetryTiming | undefined
  /** Aborted by close: stops every background retry and refuses late starts. */
  readonly #closing = new AbortController()

  /** @throws CapstanError CONFIG_ERROR when the `startRetry` timing is out of range. */
  constructor(deps: PluginHostDeps) {
    this.#deps = deps
    this.#retry = deps.startRetry === false ? undefined : retryTiming({ ...DEFAULT_START_RETRY, ...deps.startRetry }, 'startRetry')
  }

  /** Checks the wiring, then initialises every plugin; never throws for a plugin that fails to start. */
  async start(wirings: PluginWiring[]): Promise<void> {
    for (const [index, wiring] of wirings.entries()) {
      const parsed = PluginMetadata.safeParse(wiring.plugin.metadata)
      if (!parsed.success) throw configError(`plugins[${index}].metadata`, parsed.error, { index })
      const name = parsed.data.name
      if (this.#records.has(name)) {
        throw new CapstanError('CONFIG_ERROR', { message: `Two plugins are named "${name}"; plugin names must be unique`, details: { field: `plugins[${index}]`, plugin: name } })
      }
      this.#records.set(name, { plugin: wiring.plugin, wiring, index, state: 'created', transient: false, attempts: 0, controller: new AbortController() })
    }
    // Every contributed type is known before any plugin starts, so a clash is a wiring mistake found at once.
    for (const { plugin } of this.#records.values()) this.#deps.registry.contribute(plugin.metadata.name, plugin.contributes ?? [])
    const records = [...this.#records.values()]
    await Promise.all(records.map((record) => this.#attempt(record)))
    for (const record of records) this.#retryIfTransient(record)
  }

  /** Every wired plugin, in wiring order. */
  list(): PluginInfo[] {
    return [...this.#records.values()].map((record) => this.#info(record))
  }

  /** The plugins that are not started because their start failed, each with its error. */
  failures(): Array<{ plugin: string; error: CapstanError; transient: boolean }> {
    return [...this.#records.values()].flatMap((r) => (r.state === 'failed' && r.error !== undefined ? [{ plugin: r.plugin.metadata.name, error: r.error, transient: r.transient }] : []))
  }

  /**
   * Tries to start a plugin that failed, now: cancels its pending background
   * retry, initialises it again and, on a transient failure, retries it in the
   * background from the first delay. A plugin already starting is awaited; a
   * ready one is left as it is.
   *
   * @throws CapstanError NOT_FOUND (`details.field: 'name'`) when no plugin has this name.
   */
  async restart(name: string): Promise<PluginInfo> {
    const record = this.#records.get(name)
    if (record === undefined) {
      const names = [...this.#records.keys()]
      const suggestion = closestMatch(name, names)
      throw new CapstanError('NOT_FOUND', {
        message: `No plugin is named "${name}"${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}; wired: ${names.join(', ') || 'none'}`,
        details: { field: 'name', plugin: name, plugins: names, ...(suggestion === undefined ? {} : { suggestion }) },
      })
    }
    if (record.starting !== undefined) {
      await record.starting
    } else if (record.state === 'failed' && !this.#closing.signal.aborted) {
      this.#stopRetrying(record)
      await this.#attempt(record)
      this.#retryIfTransient(record)
    }
    return this.#info(record)
  }

  /** Nodes per call of an execution capability for a plugin (its `metadata.batchSize`, default 1). */
  batchSizeOf(plugin: string): number {
    return this.#records.get(plugin)?.plugin.metadata.batchSize ?? 1
  }

  /** Health of every plugin (each cached by the plugin for its health window). */
  async health(options: { refresh?: boolean } = {}): Promise<Record<string, HealthStatus & { state: PluginState }>> {
    const entries = await Promise.all(
      [...this.#records.values()].map(async (record) => {
        const maxAge = this.#deps.healthCacheMs === undefined ? {} : { maxAgeMs: this.#deps.healthCacheMs }
        const health = record.state === 'ready' ? await record.plugin.healthCheck({ ...options, ...maxAge }) : this.#failedHealth(record)
        return [record.plugin.metadata.name, { ...health, state: record.state }] as const
      }),
    )
    return Object.fromEntries(entries)
  }

  /**
   * Cancels every background retry, waits for attempts in progress (their
   * signal aborted), and disposes every plugin; dispose errors are logged,
   * never thrown, so one plugin cannot keep others open.
   */
  async close(): Promise<void> {
    const reason = new CapstanError('CANCELLED', { message: 'Capstan is closing' })
    this.#closing.abort(reason)
    await Promise.all(
      [...this.#records.values()].map(async (record) => {
        this.#stopRetrying(record)
        record.controller.abort(reason)
        await record.starting
        this.#deps.registry.unregister(record.plugin.metadata.name)
        try {
          await record.plugin.dispose()
        } catch (error) {
          this.#deps.logger.error({ plugin: record.plugin.metadata.name, err: error }, 'plugin dispose failed')
        }
        this.#setState(record, 'disposed')
      }),
    )
  }

  /** One start attempt; concurrent callers share the one in progress. Never rejects. */
  #attempt(record: PluginRecord): Promise<void> {
    if (record.starting === undefined) {
      record.starting = this.#initialize(record).finally(() => {
        record.starting = undefined
      })
    }
    return record.starting
  }

  async #initialize(record: PluginRecord): Promise<void> {
    const { plugin, wiring } = record
    const name = plugin.metadata.name
    const { logger, caches, metrics, initTimeoutMs, registry } = this.#deps
    record.attempts++
    const controller = new AbortController()
    record.controller = controller
    this.#setState(record, 'initializing')
    const context = { logger: logger.child({ plugin: name }), config: wiring.config ?? {}, signal: controller.signal, caches, metrics, coreVersion: CORE_VERSION, killGraceMs: this.#deps.killGraceMs ?? DEFAULT_KILL_GRACE_MS }
    const timer = setTimeout(
      () => controller.abort(new CapstanError('TIMEOUT', { message: `Plugin ${name} did not initialise within ${initTimeoutMs} ms`, details: { plugin: name, timeoutMs: initTimeoutMs } })),
      initTimeoutMs,
    )
    try {
      if (this.#closing.signal.aborted) throw this.#closing.signal.reason
      // Settles on the timeout or close even when the plugin ignores its signal.
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(controller.signal.reason)
        controller.signal.addEventListener('abort', onAbort, { once: true })
        plugin.initialize(context).then(resolve, reject).finally(() => controller.signal.removeEventListener('abort', onAbort))
      })
      if (this.#closing.signal.aborted) throw this.#closing.signal.reason
      registry.register(name, plugin.capabilities() as Record<string, unknown>, {
        priority: wiring.priority ?? 0,
        order: record.index,
        ...(wiring.timeoutMs === undefined ? {} : { timeoutMs: wiring.timeoutMs }),
        ...(plugin.metadata.transports === undefined ? {} : { transports: plugin.metadata.transports }),
      })
      if (wiring.concurrency !== undefined) this.#deps.queue.setPluginConcurrency(name, wiring.concurrency)
      delete record.error
      record.transient = false
      if (record.attempts > 1) this.#forgetAnswersWithout(record)
      this.#setState(record, 'ready')
    } catch (error) {
      this.#fail(record, toCapstanError(error, { plugin: name }))
    } finally {
      clearTimeout(timer)
    }
  }

  #fail(record: PluginRecord, error: CapstanError): void {
    const name = record.plugin.metadata.name
    const { registry, logger } = this.#deps
    record.error = error
    record.transient = isTransientFailure(error)
    registry.unregister(name)
    record.controller.abort(error)
    if (!this.#closing.signal.aborted) {
      registry.markUnavailable(name, declaredHandlers(record.plugin), {
        priority: record.wiring.priority ?? 0,
        order: record.index,
        ...(record.plugin.metadata.transports === undefined ? {} : { transports: record.plugin.metadata.transports }),
        failure: () => this.#startFailure(record),
      })
      const level = record.attempts > 1 ? 'warn' : 'error'
      logger[level]({ plugin: name, code: error.code, err: error.message, attempt: record.attempts, transient: record.transient }, 'plugin failed to initialise')
    }
    this.#setState(record, 'failed')
  }

  /** Starts background retries of a plugin whose last attempt failed for a transient reason. */
  #retryIfTransient(record: PluginRecord): void {
    const timing = this.#retry
    if (timing === undefined || record.state !== 'failed' || !record.transient || this.#closing.signal.aborted) return
    this.#stopRetrying(record)
    const controller = new AbortController()
    record.retrying = controller
    const signal = AbortSignal.any([this.#closing.signal, controller.signal])
    const name = record.plugin.metadata.name
    const maxAttempts = timing.retries + 1
    const loop = async () => {
      for (let retry = 1; retry <= timing.retries; retry++) {
        const error = record.error as CapstanError
        const delayMs = retryDelay(error, retry, timing, Math.random)
        record.next = { attempt: retry + 1, maxAttempts, delayMs, at: new Date(Date.now() + delayMs).toISOString() }
        this.#deps.events.emit('plugin:retry', { plugin: name, attempt: retry + 1, maxAttempts, delayMs, error: { code: error.code, message: error.message } })
        // Unref'd: a pending retry alone never keeps the process alive.
        await abortableSleep(delayMs, signal, { unref: true })
        delete record.next
        await this.#attempt(record)
        if (record.state !== 'failed' || !record.transient) return
      }
      this.#deps.logger.warn({ plugin: name, attempts: maxAttempts }, 'plugin start retries exhausted; call restartPlugin to try again')
    }
    loop()
      .catch((error: unknown) => {
        if (!isCapstanError(error, 'CANCELLED')) this.#deps.logger.error({ plugin: name, err: error }, 'plugin start retries stopped')
      })
      .finally(() => {
        if (record.retrying === controller) {
          delete record.retrying
          delete record.next
        }
      })
  }

  #stopRetrying(record: PluginRecord): void {
    record.retrying?.abort()
    delete record.retrying
    delete record.next
  }

  /** A plugin that starts late changes what the host's caches answer: drop what they cached without it (the descriptors say which cache serves what). */
  #forgetAnswersWithout(record: PluginRecord): void {
    const registry = this.#deps.registry
    const caches = new Set(registry.served(Object.keys(declaredHandlers(record.plugin))).flatMap((d) => (d.served === undefined ? [] : [d.served.cache])))
    for (const cache of caches) this.#deps.caches[cache].clear()
  }

  #startFailure(record: PluginRecord): StartFailure {
    const error = record.error ?? new CapstanError('PLUGIN_ERROR', { message: `Plugin is ${record.state}` })
    const plugin = record.plugin.metadata.name
    const next = record.next
    return {
      error,
      transient: record.transient,
      hint: startFailureHint({ plugin, error, transient: record.transient, ...(next === undefined ? {} : { next }) }),
      ...(next === undefined ? {} : { nextAttemptAt: next.at }),
    }
  }

  #info(record: PluginRecord): PluginInfo {
    const { plugin, wiring, state, error } = record
    return {
      name: plugin.metadata.name,
      version: plugin.metadata.version,
      state,
      priority: wiring.priority ?? 0,
      integrationTypes: [...plugin.metadata.integrationTypes],
      capabilities: state === 'ready' ? Object.keys(plugin.capabilities()) : [],
      ...(error === undefined ? {} : { error: { code: error.code, message: error.message } }),
      startAttempts: record.attempts,
      ...(state === 'failed' ? { startFailure: record.transient ? ('transient' as const) : ('permanent' as const) } : {}),
      ...(record.next === undefined ? {} : { nextStartAttempt: { ...record.next } }),
    }
  }

  #failedHealth(record: PluginRecord): HealthStatus {
    const failure = record.error === undefined ? undefined : this.#startFailure(record)
    return {
      status: 'unhealthy',
      message: record.error?.message ?? `Plugin is ${record.state}`,
      details:
        failure === undefined
          ? {}
          : { code: failure.error.code, transient: failure.transient, startAttempts: record.attempts, hint: failure.hint, ...(failure.nextAttemptAt === undefined ? {} : { nextAttemptAt: failure.nextAttemptAt }) },
      checkedAt: new Date().toISOString(),
      latencyMs: 0,
      workingCapabilities: [],
      failingCapabilities: Object.keys(declaredHandlers(record.plugin)),
    }
  }

  #setState(record: PluginRecord, state: PluginState): void {
    record.state = state
    const error = record.error === undefined || state !== 'failed' ? {} : { error: { code: record.error.code, message: record.error.message } }
    this.#deps.events.emit('plugin:state', { plugin: record.plugin.metadata.name, state, ...error })
  }
}

/** What a plugin declares, read even when it is not ready; a plugin whose `capabilities()` throws declares nothing. */
function declaredHandlers(plugin: BasePlugin): Record<string, unknown> {
  try {
    return plugin.capabilities() as Record<string, unknown>
  } catch {
    return {}
  }
}
