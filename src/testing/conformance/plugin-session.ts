import { CapstanError, CORE_VERSION, type BasePlugin, type MetricsSink, type PluginContext } from 'capstan'
import { FactsCache, InventoryCache } from 'capstan/plugin-kit'
import { RecordingLogger } from '../recording-logger.js'
import type { ConformanceSettings } from './conformance-settings.js'
import { describeThrown } from './describe-thrown.js'
import { settleWithin } from './settle-within.js'

/** The caches' size and lifetimes a host uses by default. */
const CACHE = { max: 10_000, inventoryTtlMs: 30_000, factsTtlMs: 300_000 }
/** Grace between SIGTERM and SIGKILL, in ms, unless the caller's context says otherwise. */
const KILL_GRACE_MS = 1_000

const droppedMetrics: MetricsSink = { increment: () => {}, observe: () => {} }

/**
 * One fresh plugin, started the way a host starts it (a context with a
 * logger, caches, metrics and a signal) but by the kit itself, so that its
 * handlers can be called directly and what it opens is its own.
 */
export class PluginSession {
  readonly plugin: BasePlugin
  readonly context: PluginContext
  /** Why it did not start, as a problem line; undefined once it is ready. */
  readonly startProblem: string | undefined
  readonly #controller: AbortController
  readonly #timeoutMs: number

  private constructor(plugin: BasePlugin, context: PluginContext, controller: AbortController, startProblem: string | undefined, timeoutMs: number) {
    this.plugin = plugin
    this.context = context
    this.#controller = controller
    this.startProblem = startProblem
    this.#timeoutMs = timeoutMs
  }

  /**
   * Creates a plugin with the caller's factory and initialises it, within
   * the time bound; with `initialize: false` (the caller skips that check)
   * the plugin is only created.
   */
  static async start(settings: ConformanceSettings, options: { initialize: boolean }): Promise<PluginSession> {
    const plugin = await settings.createPlugin()
    const controller = new AbortController()
    const given = settings.context
    const context: PluginContext = {
      logger: (given.logger ?? new RecordingLogger()).child({ plugin: plugin.metadata.name }),
      config: given.config ?? {},
      signal: controller.signal,
      caches: { inventory: new InventoryCache({ ttlMs: CACHE.inventoryTtlMs, max: CACHE.max }), facts: new FactsCache({ ttlMs: CACHE.factsTtlMs, max: CACHE.max }) },
      metrics: given.metrics ?? droppedMetrics,
      coreVersion: CORE_VERSION,
      killGraceMs: given.killGraceMs ?? KILL_GRACE_MS,
    }
    if (!options.initialize) return new PluginSession(plugin, context, controller, 'initialize is skipped', settings.timeoutMs)
    const started = await settleWithin(() => plugin.initialize(context), settings.timeoutMs)
    const problem =
      started.status === 'value'
        ? undefined
        : started.status === 'error'
          ? `initialize failed: ${describeThrown(started.error)}`
          : `initialize did not finish within ${settings.timeoutMs} ms`
    if (started.status === 'timeout') controller.abort(new CapstanError('TIMEOUT', { message: `${plugin.metadata.name} did not initialise within ${settings.timeoutMs} ms` }))
    return new PluginSession(plugin, context, controller, problem, settings.timeoutMs)
  }

  /** The plugin's name. */
  get name(): string {
    return this.plugin.metadata.name
  }

  /**
   * Stops the plugin as a host closes it: aborts its context signal, then
   * disposes it. Resolves with a problem line when dispose throws or does
   * not finish within the time bound.
   */
  async close(): Promise<string | undefined> {
    this.#controller.abort(new CapstanError('CANCELLED', { message: 'The conformance run is closing the plugin' }))
    const disposed = await settleWithin(() => this.plugin.dispose(), this.#timeoutMs)
    if (disposed.status === 'error') return `dispose threw ${describeThrown(disposed.error)}`
    if (disposed.status === 'timeout') return `dispose did not finish within ${this.#timeoutMs} ms`
    return undefined
  }
}
