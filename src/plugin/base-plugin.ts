import type { CapabilityHandlers } from '../capabilities/catalog.js'
import type { CapabilityTypeDefinition } from '../capabilities/capability-type.js'
import { CapstanError, isCapstanError } from '../errors/capstan-error.js'
import type { HealthCheckOutcome, HealthStatus } from './health.js'
import type { PluginContext } from './plugin-context.js'
import type { PluginMetadata } from './plugin-metadata.js'
import type { PluginState } from './plugin-state.js'
import { thrownMessage } from '../errors/thrown-message.js'

/** Options every plugin accepts from its host wiring. */
export interface BasePluginOptions {
  /** How long a health result is reused before checking again (default 10 s). */
  healthCacheMs?: number | undefined
}

/**
 * The base of every Capstan plugin. Subclasses declare `metadata`, return
 * their capability implementations from `capabilities()`, and do their
 * set-up in `performInitialization()`. The host calls `initialize`,
 * `healthCheck` and `dispose`; a plugin never starts work on its own.
 *
 * @example
 * ```ts
 * class HelloPlugin extends BasePlugin {
 *   readonly metadata = { name: 'hello', version: '1.0.0', integrationTypes: ['inventory'] }
 *   protected async performInitialization() {}
 *   capabilities() {
 *     return { 'inventory.list': async () => ({ nodes: [{ id: 'hello.example.com' }] }) }
 *   }
 * }
 * ```
 */
export abstract class BasePlugin {
  /** Name, version and integration types. */
  abstract readonly metadata: PluginMetadata

  /**
   * Capability types this plugin contributes ({@link capstan!defineCapabilityType | defineCapabilityType}),
   * which the host registers before any plugin starts; plugin.json names
   * them under `contributes`. Its `capabilities()` then implements their ids
   * like any other. Leave it out when the plugin implements only the core's
   * types (or a contributed type another plugin brings, from the same contract package).
   */
  readonly contributes?: readonly CapabilityTypeDefinition[] | undefined

  #state: PluginState = 'created'
  #context: PluginContext | undefined
  #initError: CapstanError | undefined
  #health: { value: HealthStatus; at: number } | undefined
  /** Counts initialisation attempts, so only the latest one sets the state. */
  #attempt = 0
  readonly #healthCacheMs: number

  constructor(options: BasePluginOptions = {}) {
    this.#healthCacheMs = options.healthCacheMs ?? 10_000
  }

  /** Where the plugin is in its lifecycle. */
  get state(): PluginState {
    return this.#state
  }

  /** Why initialisation failed, when `state` is `failed`. */
  get initializationError(): CapstanError | undefined {
    return this.#initError
  }

  /** The context the host gave at initialisation. */
  protected get context(): PluginContext {
    if (this.#context === undefined) {
      throw new CapstanError('PLUGIN_ERROR', {
        message: `Plugin ${this.metadata.name} used its context before initialisation`,
        details: { plugin: this.metadata.name },
      })
    }
    return this.#context
  }

  /** The capability implementations, keyed by capability id. */
  abstract capabilities(): CapabilityHandlers

  /** Set-up work: connect, check the backend, load files. Throw to fail. */
  protected abstract performInitialization(): Promise<void>

  /** Checks the backend; the default reports healthy. */
  protected async performHealthCheck(): Promise<HealthCheckOutcome> {
    return {}
  }

  /** Releases resources (connections, child processes, timers). */
  protected async performDispose(): Promise<void> {}

  /**
   * Called by the host to start the plugin. Moves to `ready`, or to `failed`
   * and rethrows. The host calls it again, with a fresh context, to retry a
   * failed start (in the background or through `capstan.restartPlugin`), and
   * after an attempt it gave up on (its signal aborted by the init timeout):
   * `performInitialization` must be safe to run again after it threw. A
   * `ready` or `disposed` plugin refuses.
   */
  async initialize(context: PluginContext): Promise<void> {
    const abandoned = this.#state === 'initializing' && this.#context?.signal.aborted === true
    if (this.#state !== 'created' && this.#state !== 'failed' && !abandoned) {
      throw new CapstanError('PLUGIN_ERROR', {
        message: `Plugin ${this.metadata.name} cannot initialise from state ${this.#state}`,
        details: { plugin: this.metadata.name, state: this.#state },
      })
    }
    // An abandoned attempt that settles later must not overwrite the state of this one.
    const attempt = ++this.#attempt
    const current = () => attempt === this.#attempt && this.#state === 'initializing'
    this.#context = context
    this.#state = 'initializing'
    this.#initError = undefined
    this.#health = undefined
    try {
      await this.performInitialization()
      if (current()) this.#state = 'ready'
    } catch (error) {
      const failure = initializationFailure(this.metadata.name, error)
      if (current()) {
        this.#initError = failure
        this.#state = 'failed'
      }
      throw failure
    }
  }

  /**
   * The plugin's health, reused for `healthCacheMs` (or the host's
   * `maxAgeMs`) unless `refresh` is set. Never throws: a failing check is
   * reported as `unhealthy`.
   */
  async healthCheck(options: { refresh?: boolean | undefined; maxAgeMs?: number | undefined } = {}): Promise<HealthStatus> {
    const cached = this.#health
    const maxAge = options.maxAgeMs ?? this.#healthCacheMs
    if (!options.refresh && cached !== undefined && Date.now() - cached.at < maxAge) return cached.value
    const value = await this.#checkNow()
    this.#health = { value, at: Date.now() }
    return value
  }

  /** Called by the host at close. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.#state === 'disposed') return
    const wasStarted = this.#state !== 'created'
    this.#state = 'disposed'
    if (wasStarted) await this.performDispose()
  }

  async #checkNow(): Promise<HealthStatus> {
    const declared = Object.keys(this.capabilities())
    const started = performance.now()
    const checkedAt = new Date().toISOString()
    const base = { details: {}, checkedAt, workingCapabilities: [] as string[], failingCapabilities: declared }
    if (this.#state !== 'ready') {
      const message = this.#initError?.message ?? `Plugin is ${this.#state}`
      return { ...base, status: 'unhealthy', message, latencyMs: 0 }
    }
    try {
      const outcome = await this.performHealthCheck()
      const failing = outcome.failingCapabilities ?? []
      const status = outcome.status ?? (failing.length > 0 ? 'degraded' : 'healthy')
      return {
        status,
        message: outcome.message ?? status,
        details: outcome.details ?? {},
        checkedAt,
        latencyMs: performance.now() - started,
        workingCapabilities: declared.filter((id) => !failing.includes(id)),
        failingCapabilities: failing,
      }
    } catch (error) {
      const message = thrownMessage(error)
      return { ...base, status: 'unhealthy', message, latencyMs: performance.now() - started }
    }
  }
}

function initializationFailure(plugin: string, error: unknown): CapstanError {
  if (isCapstanError(error)) return error
  const message = thrownMessage(error)
  return new CapstanError('PLUGIN_ERROR', {
    message: `Plugin ${plugin} failed to initialise: ${message}`,
    details: { plugin },
    cause: error,
  })
}
