import type { EventEmitter } from 'eventemitter3'
import type { Logger } from '../capabilities/provider-context.js'
import { CapstanError, toCapstanError } from '../errors/capstan-error.js'
import { configError } from '../errors/config-error.js'
import type { FactsCache } from '../facts/facts-cache.js'
import type { InventoryCache } from '../inventory/inventory-cache.js'
import type { MetricsSink } from '../metrics/metrics-sink.js'
import type { BasePlugin } from '../plugin/base-plugin.js'
import { CORE_VERSION } from '../plugin/core-version.js'
import type { HealthStatus } from '../plugin/health.js'
import { PluginMetadata } from '../plugin/plugin-metadata.js'
import type { PluginState } from '../plugin/plugin-state.js'
import type { CapabilityRegistry } from '../registry/capability-registry.js'
import type { ExecutionQueue } from '../execution/queue/execution-queue.js'
import { DEFAULT_GRACE_MS as DEFAULT_KILL_GRACE_MS } from '../execution/process/run-process-options.js'
import type { PluginWiring } from './capstan-options.js'
import type { HostEvents } from './host-events.js'

/** A wired plugin as the host reports it. */
export interface PluginInfo {
  name: string
  version: string
  state: PluginState
  priority: number
  integrationTypes: string[]
  capabilities: string[]
  error?: { code: string; message: string }
}

interface PluginRecord {
  plugin: BasePlugin
  wiring: PluginWiring
  state: PluginState
  error?: CapstanError
  controller: AbortController
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
  /** Handed to plugins in their context (default 5 s). */
  killGraceMs?: number
  /** Overrides every plugin's own health cache window, when set. */
  healthCacheMs?: number
}

/**
 * Owns plugin lifecycle: initialises every plugin in parallel with its own
 * timeout, routes only the plugins that became ready, and disposes them all
 * at close. A plugin that fails is kept (and reported) so health shows why.
 */
export class PluginHost {
  readonly #records = new Map<string, PluginRecord>()
  readonly #deps: PluginHostDeps

  constructor(deps: PluginHostDeps) {
    this.#deps = deps
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
      this.#records.set(name, { plugin: wiring.plugin, wiring, state: 'created', controller: new AbortController() })
    }
    await Promise.all([...this.#records.values()].map((record) => this.#initialize(record)))
  }

  /** Every wired plugin, in wiring order. */
  list(): PluginInfo[] {
    return [...this.#records.values()].map(({ plugin, wiring, state, error }) => ({
      name: plugin.metadata.name,
      version: plugin.metadata.version,
      state,
      priority: wiring.priority ?? 0,
      integrationTypes: [...plugin.metadata.integrationTypes],
      capabilities: state === 'ready' ? Object.keys(plugin.capabilities()) : [],
      ...(error === undefined ? {} : { error: { code: error.code, message: error.message } }),
    }))
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
        const health = record.state === 'ready' ? await record.plugin.healthCheck({ ...options, ...maxAge }) : failedHealth(record)
        return [record.plugin.metadata.name, { ...health, state: record.state }] as const
      }),
    )
    return Object.fromEntries(entries)
  }

  /** Disposes every plugin; errors are logged, never thrown, so one plugin cannot keep others open. */
  async close(): Promise<void> {
    await Promise.all(
      [...this.#records.values()].map(async (record) => {
        record.controller.abort(new CapstanError('CANCELLED', { message: 'Capstan is closing' }))
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

  async #initialize(record: PluginRecord): Promise<void> {
    const { plugin, wiring } = record
    const name = plugin.metadata.name
    const { logger, caches, metrics, initTimeoutMs, registry } = this.#deps
    this.#setState(record, 'initializing')
    const timeout = AbortSignal.timeout(initTimeoutMs)
    const signal = AbortSignal.any([record.controller.signal, timeout])
    const context = { logger: logger.child({ plugin: name }), config: wiring.config ?? {}, signal, caches, metrics, coreVersion: CORE_VERSION, killGraceMs: this.#deps.killGraceMs ?? DEFAULT_KILL_GRACE_MS }
    try {
      await new Promise<void>((resolve, reject) => {
        const onTimeout = () => reject(new CapstanError('TIMEOUT', { message: `Plugin ${name} did not initialise within ${initTimeoutMs} ms`, details: { plugin: name, timeoutMs: initTimeoutMs } }))
        timeout.addEventListener('abort', onTimeout, { once: true })
        plugin.initialize(context).then(resolve, reject).finally(() => timeout.removeEventListener('abort', onTimeout))
      })
      registry.register(name, plugin.capabilities() as Record<string, unknown>, {
        priority: wiring.priority ?? 0,
        ...(wiring.timeoutMs === undefined ? {} : { timeoutMs: wiring.timeoutMs }),
        ...(plugin.metadata.transports === undefined ? {} : { transports: plugin.metadata.transports }),
      })
      if (wiring.concurrency !== undefined) this.#deps.queue.setPluginConcurrency(name, wiring.concurrency)
      this.#setState(record, 'ready')
    } catch (error) {
      record.error = toCapstanError(error, { plugin: name })
      registry.unregister(name)
      record.controller.abort(record.error)
      logger.error({ plugin: name, code: record.error.code, err: record.error.message }, 'plugin failed to initialise')
      this.#setState(record, 'failed')
    }
  }

  #setState(record: PluginRecord, state: PluginState): void {
    record.state = state
    const error = record.error === undefined ? {} : { error: { code: record.error.code, message: record.error.message } }
    this.#deps.events.emit('plugin:state', { plugin: record.plugin.metadata.name, state, ...error })
  }
}

function failedHealth(record: PluginRecord): HealthStatus {
  return {
    status: 'unhealthy',
    message: record.error?.message ?? `Plugin is ${record.state}`,
    details: record.error === undefined ? {} : { code: record.error.code },
    checkedAt: new Date().toISOString(),
    latencyMs: 0,
    workingCapabilities: [],
    failingCapabilities: Object.keys(record.plugin.capabilities()),
  }
}
