import { EventEmitter } from 'eventemitter3'
import { isExecutionCapability, type CapabilityDescriptor } from './capabilities/capability.js'
import { capabilityCatalog, getCapability, type CallInput, type CapabilityId, type ResultOf } from './capabilities/catalog.js'
import type { Facts } from './capabilities/models/facts.js'
import type { Node } from './capabilities/models/node.js'
import type { NodeFilter } from './capabilities/models/target.js'
import type { Logger } from './capabilities/provider-context.js'
import { CapstanError, toCapstanError } from './errors/capstan-error.js'
import { Execution } from './execution/execution.js'
import { ExecutionEngine } from './execution/execution-engine.js'
import type { ExecutionQuery } from './execution/execution-record.js'
import { MemoryExecutionStore } from './execution/memory-execution-store.js'
import { ExecutionQueue } from './execution/queue/execution-queue.js'
import { configError } from './errors/config-error.js'
import { FactsCache } from './facts/facts-cache.js'
import { authorizeInvocation } from './host/authorize-invocation.js'
import { describeCapability, type CapabilityInfo } from './host/capability-info.js'
import type { CapstanOptions, PluginWiring } from './host/capstan-options.js'
import { CapstanOptionsSchema } from './host/capstan-options-schema.js'
import type { Facade, FacadeMethod, InvokeResult } from './host/facade-types.js'
import { FactsService } from './host/facts-service.js'
import type { HostEvents } from './host/host-events.js'
import { InventoryService } from './host/inventory-service.js'
import { PluginHost, type PluginInfo } from './host/plugin-host.js'
import { strictStartError } from './host/strict-start-error.js'
import { InventoryCache } from './inventory/inventory-cache.js'
import { createSilentLogger } from './logging/silent-logger.js'
import { CapabilityMetrics, type MetricsSnapshot } from './metrics/capability-metrics.js'
import type { HealthLevel, HealthStatus } from './plugin/health.js'
import type { PluginState } from './plugin/plugin-state.js'
import { compilePolicy, type PolicyChecker } from './rbac/compile-policy.js'
import { CapabilityRegistry } from './registry/capability-registry.js'
import type { InvokeOptions } from './registry/invoke-options.js'

/** Options of the inventory and facts facade methods. */
export interface ReadOptions extends InvokeOptions {
  /** Bypass the cache and ask the sources again. */
  refresh?: boolean
}

/** The host's overall health and each plugin's. */
export interface CapstanHealth {
  /** `healthy` when every plugin is; `unhealthy` when none is ready; otherwise `degraded`. */
  status: HealthLevel
  plugins: Record<string, HealthStatus & { state: PluginState }>
}

/**
 * A Capstan instance: the plugins it was wired with, their capabilities behind
 * one typed surface, and the caches, metrics and policy they share. Create it
 * with {@link createCapstan}; two instances in one process share nothing.
 */
export class Capstan extends EventEmitter<HostEvents> {
  readonly #registry: CapabilityRegistry
  readonly #plugins: PluginHost
  readonly #inventory: InventoryService
  readonly #facts: FactsService
  readonly #metrics = new CapabilityMetrics()
  readonly #checker: PolicyChecker
  readonly #logger: Logger
  readonly #caches: { inventory: InventoryCache; facts: FactsCache }
  readonly #queue: ExecutionQueue
  readonly #engine: ExecutionEngine
  readonly #services: Partial<Record<string, (d: CapabilityDescriptor, input: Record<string, unknown>, options: InvokeOptions, plan: Awaited<ReturnType<typeof authorizeInvocation>>) => Promise<unknown>>>
  #closed = false

  /** @internal Use {@link createCapstan}. */
  constructor(options: CapstanOptions) {
    super()
    this.#logger = options.logger ?? createSilentLogger()
    this.#checker = compilePolicy(options.policy)
    this.#registry = new CapabilityRegistry({
      catalog: capabilityCatalog,
      logger: this.#logger,
      ...(options.providerTimeoutMs === undefined ? {} : { defaultTimeoutMs: options.providerTimeoutMs }),
      validateOutput: options.validateOutput ?? false,
    })
    const max = options.cache?.maxEntries ?? 10_000
    this.#caches = {
      inventory: new InventoryCache({ ttlMs: options.cache?.inventoryTtlMs ?? 30_000, max }),
      facts: new FactsCache({ ttlMs: options.cache?.factsTtlMs ?? 300_000, max }),
    }
    this.#inventory = new InventoryService(this.#registry, this.#caches.inventory)
    this.#facts = new FactsService(this.#registry, this.#caches.facts)
    const inventory = this.#inventory.serve.bind(this.#inventory)
    const facts = this.#facts.serve.bind(this.#facts)
    this.#services = { 'inventory.list': inventory, 'inventory.get': inventory, 'inventory.groups': inventory, 'inventory.filter': inventory, 'info.facts': facts, 'info.refresh': facts }
    this.#queue = new ExecutionQueue({
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(options.maxQueuedNodes === undefined ? {} : { maxQueued: options.maxQueuedNodes }),
    })
    this.#plugins = new PluginHost({
      registry: this.#registry,
      logger: this.#logger,
      caches: this.#caches,
      metrics: this.#metrics,
      events: this,
      queue: this.#queue,
      initTimeoutMs: options.initTimeoutMs ?? 30_000,
      // A strict host rejects at the first failed start: nothing to retry.
      ...(options.strict === true ? { startRetry: false } : options.startRetry === undefined ? {} : { startRetry: options.startRetry }),
      ...(options.killGraceMs === undefined ? {} : { killGraceMs: options.killGraceMs }),
      ...(options.healthCacheMs === undefined ? {} : { healthCacheMs: options.healthCacheMs }),
    })
    this.#engine = new ExecutionEngine({
      registry: this.#registry,
      queue: this.#queue,
      store: options.executionStore ?? new MemoryExecutionStore(),
      logger: this.#logger,
      metrics: this.#metrics,
      authorize: (descriptor, input, invokeOptions) => this.#authorize(descriptor, input, invokeOptions),
      batchSizeOf: (plugin) => this.#plugins.batchSizeOf(plugin),
      ...(options.maxStoredOutputBytes === undefined ? {} : { maxStoredOutputBytes: options.maxStoredOutputBytes }),
      ...(options.killGraceMs === undefined ? {} : { killGraceMs: options.killGraceMs }),
      ...(options.maxQueuedNodes === undefined ? {} : { maxQueuedNodes: options.maxQueuedNodes }),
      validateOutput: options.validateOutput ?? false,
    })
  }

  /** @internal Called once by {@link createCapstan}. */
  async start(plugins: PluginWiring[]): Promise<void> {
    await this.#plugins.start(plugins)
  }

  /** @internal The plugins whose start failed, for {@link createCapstan}'s `strict`. */
  startFailures() {
    return this.#plugins.failures()
  }

  /** Inventory: merged, linked nodes and groups from every inventory source. */
  readonly inventory = {
    /** Every node, linked across sources, with each source's outcome. */
    list: (options: ReadOptions = {}) => this.invoke('inventory.list', { refresh: options.refresh ?? false }, options),
    /** One node with the data of every source that knows it; NOT_FOUND when none does. */
    get: async (node: string, options: ReadOptions = {}): Promise<Node> => {
      const result = await this.invoke('inventory.get', { node, refresh: options.refresh ?? false }, options)
      if (result.node !== null) return result.node
      const failed = result.sources.filter((s) => !s.ok).map((s) => s.plugin)
      const note = failed.length > 0 ? ` (sources that did not answer: ${failed.join(', ')})` : ''
      throw new CapstanError('NOT_FOUND', { message: `No inventory source knows node "${node}"${note}`, details: { node, field: 'node', sources: result.sources } })
    },
    /** Every group, merged by name across sources. */
    groups: (options: ReadOptions = {}) => this.invoke('inventory.groups', { refresh: options.refresh ?? false }, options),
    /** The nodes matching names (globs), groups, sources and fact conditions. */
    filter: (filter: NodeFilter, options: ReadOptions = {}) => this.invoke('inventory.filter', { ...filter, refresh: options.refresh ?? false }, options),
  }

  /** Facts: from the highest-priority provider that knows the node, cached. */
  readonly facts = {
    /** Facts of a node; `{ all: true }` merges every provider's, `{ plugin }` asks one. */
    get: (node: string, options: ReadOptions = {}): Promise<Facts> => this.invoke('info.facts', { node, refresh: options.refresh ?? false }, options),
    /** Drops the node's cached facts and gathers them again. */
    refresh: (node: string, options: InvokeOptions = {}): Promise<Facts> => this.invoke('info.refresh', { node }, options),
  }

  /** Commands on nodes: `execute` streams, `run` waits for the result. */
  readonly command = {
    /** Starts a command on the targets; the returned Execution streams events and resolves `result`. */
    execute: (input: CallInput<'command.execute'>, options?: InvokeOptions): Execution => this.#execute('command.execute', input, options),
    /** Runs a command and resolves with every node's result (a node's failure is a result, not a rejection). */
    run: (input: CallInput<'command.execute'>, options?: InvokeOptions) => this.#execute('command.execute', input, options).result,
  }

  /** Tasks (Bolt's contract: JSON parameters in, JSON out). */
  readonly task = {
    /** Starts a task on the targets. Bad parameters are a VALIDATION_ERROR before anything runs. */
    execute: (input: CallInput<'task.execute'>, options?: InvokeOptions): Execution => this.#execute('task.execute', input, options),
    /** Runs a task and resolves with every node's result. */
    run: (input: CallInput<'task.execute'>, options?: InvokeOptions) => this.#execute('task.execute', input, options).result,
    /** Every task the plugins offer, with its parameters (for forms and help). */
    list: (options?: InvokeOptions) => this.invoke('task.list', {}, options),
  }

  /** Scripts copied to (or found on) the nodes and run with argv arguments. */
  readonly script = {
    /** Starts a script on the targets. */
    execute: (input: CallInput<'script.execute'>, options?: InvokeOptions): Execution => this.#execute('script.execute', input, options),
    /** Runs a script and resolves with every node's result. */
    run: (input: CallInput<'script.execute'>, options?: InvokeOptions) => this.#execute('script.execute', input, options).result,
  }

  /** Running and past executions. */
  readonly executions = {
    /** A running or recently finished execution: iterate it again for a full replay. */
    get: (id: string): Execution | undefined => this.#engine.get(id),
    /** Running executions and the history, newest first. */
    list: (query?: ExecutionQuery) => this.#engine.list(query),
  }

  /** The execution queue shared by every execution of this instance. */
  readonly queue = {
    /** Nodes running, waiting and completed, globally and per plugin. */
    stats: () => this.#queue.stats(),
    /** Changes how many nodes run at once across all executions. */
    setConcurrency: (nodes: number) => this.#queue.setConcurrency(nodes),
  }

  /** Puppet reports. */
  readonly reports: Facade<{ list: 'reports.list'; get: 'reports.get'; query: 'reports.query' }> = this.#facade({ list: 'reports.list', get: 'reports.get', query: 'reports.query' })
  /** Resource events; `stream` yields new events as they arrive. */
  readonly events: Facade<{ list: 'events.list'; query: 'events.query'; stream: 'events.stream' }> = this.#facade({ list: 'events.list', query: 'events.query', stream: 'events.stream' })
  /** Packages on nodes. */
  readonly packages: Facade<{ install: 'package.install'; uninstall: 'package.uninstall'; update: 'package.update'; list: 'package.list'; search: 'package.search' }> =
    this.#facade({ install: 'package.install', uninstall: 'package.uninstall', update: 'package.update', list: 'package.list', search: 'package.search' })
  /** Deployments of applications. */
  readonly deployments: Facade<{ execute: 'deploy.execute'; status: 'deploy.status'; rollback: 'deploy.rollback'; history: 'deploy.history' }> =
    this.#facade({ execute: 'deploy.execute', status: 'deploy.status', rollback: 'deploy.rollback', history: 'deploy.history' })
  /** Provisioning and decommissioning of machines. */
  readonly provisioning: Facade<{ create: 'provision.create'; status: 'provision.status'; list: 'provision.list'; decommission: 'decommission.execute'; decommissionStatus: 'decommission.status' }> =
    this.#facade({ create: 'provision.create', status: 'provision.status', list: 'provision.list', decommission: 'decommission.execute', decommissionStatus: 'decommission.status' })
  /** Alerts from monitoring; `subscribe` yields alerts as they fire. */
  readonly alerts: Facade<{ list: 'alert.list'; get: 'alert.get'; acknowledge: 'alert.acknowledge'; resolve: 'alert.resolve'; subscribe: 'alert.subscribe' }> =
    this.#facade({ list: 'alert.list', get: 'alert.get', acknowledge: 'alert.acknowledge', resolve: 'alert.resolve', subscribe: 'alert.subscribe' })

  /**
   * Invokes any capability by id: validates the input, checks RBAC, routes to
   * the providers. Stream capabilities resolve to an async iterable.
   *
   * @throws CapstanError VALIDATION_ERROR, PERMISSION_DENIED, UNKNOWN_CAPABILITY, NO_PROVIDER, NOT_FOUND, ...
   */
  invoke<Id extends CapabilityId>(id: Id, input?: CallInput<Id>, options?: InvokeOptions): Promise<InvokeResult<Id>>
  invoke(id: string, input?: unknown, options?: InvokeOptions): Promise<unknown>
  async invoke(id: string, input?: unknown, options: InvokeOptions = {}): Promise<unknown> {
    const started = performance.now()
    try {
      this.#assertOpen()
      const descriptor = this.#registry.descriptor(id)
      if (isExecutionCapability(descriptor)) {
        const run = this.#execute(id, input, options)
        await run.ready
        return run
      }
      const parsed = this.#registry.validate(descriptor, input)
      if (descriptor.kind === 'stream') {
        await this.#authorize(descriptor, parsed, options)
        this.#registry.routable(descriptor, options.plugin)
        this.#finish(id, started, options)
        return this.#registry.openStream(descriptor, parsed, options)
      }
      const plan = await this.#authorize(descriptor, parsed, options)
      this.#registry.routable(descriptor, options.plugin)
      const service = this.#services[id]
      const result = service === undefined ? await this.#registry.route(descriptor, parsed, options, plan) : await service(descriptor, parsed, options, plan)
      this.#finish(id, started, options)
      return result
    } catch (thrown) {
      const error = toCapstanError(thrown, { capability: id })
      // Metrics are keyed by known ids only, so a caller's typos cannot grow them without bound.
      this.#finish(getCapability(id) === undefined ? '(unknown)' : id, started, options, error)
      throw error
    }
  }

  /**
   * Opens a stream capability as an async iterable; validation and RBAC
   * errors are thrown by the first `next()`. Stop it with `options.signal` or
   * by leaving the `for await` loop.
   */
  stream<Id extends CapabilityId>(id: Id, input?: CallInput<Id>, options: InvokeOptions = {}): AsyncIterable<ResultOf<Id>> {
    const open = () => this.invoke(id as string, input, options) as Promise<AsyncIterable<ResultOf<Id>>>
    return {
      async *[Symbol.asyncIterator]() {
        yield* await open()
      },
    }
  }

  /** Every capability with its JSON Schemas and providers: the CLI, docs and HTTP layer are generated from it. */
  capabilities(): CapabilityInfo[] {
    return this.#registry.descriptors().map((d) => describeCapability(d, this.#registry.providers(d.id)))
  }

  /** The wired plugins with their state (and, for one that failed to start, its error and next retry). */
  plugins(): PluginInfo[] {
    return this.#plugins.list()
  }

  /**
   * Tries again, now, to start a plugin whose start failed (after fixing its
   * option or file, or starting its backend): cancels its pending background
   * retry and initialises it again; once it is ready its capabilities are
   * routed. Resolves with its new state either way (check `state` and
   * `error`); a plugin already starting is awaited, a ready one left alone.
   *
   * @throws CapstanError NOT_FOUND (`details.field: 'name'`) for a name no plugin has; UNAVAILABLE once closed.
   *
   * @example
   * ```ts
   * const info = await capstan.restartPlugin('puppetdb')
   * if (info.state !== 'ready') console.error(info.error?.message)
   * ```
   */
  async restartPlugin(name: string): Promise<PluginInfo> {
    this.#assertOpen()
    return this.#plugins.restart(name)
  }

  /** Health of every plugin and overall. `refresh` skips the plugins' health caches. */
  async health(options: { refresh?: boolean } = {}): Promise<CapstanHealth> {
    const plugins = await this.#plugins.health(options)
    const levels = Object.values(plugins).map((p) => p.status)
    const status: HealthLevel = levels.every((l) => l === 'healthy') ? 'healthy' : levels.some((l) => l !== 'unhealthy') ? 'degraded' : 'unhealthy'
    return { status, plugins }
  }

  /** Per-capability counts, errors and p50/p95/p99 latency, plus plugin counters. */
  metrics(): MetricsSnapshot {
    return this.#metrics.snapshot()
  }

  /** Disposes every plugin and drops the caches. Further calls fail with UNAVAILABLE. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#engine.close()
    await this.#plugins.close()
    this.#caches.inventory.clear()
    this.#caches.facts.clear()
    this.removeAllListeners()
  }

  /** `await using capstan = await createCapstan(...)` closes it at the end of the scope. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close()
  }

  /** Starts an execution; its outcome is recorded in metrics and `invocation` events when it settles. */
  #execute(id: string, input: unknown, options: InvokeOptions = {}): Execution {
    const started = performance.now()
    try {
      this.#assertOpen()
      const run = this.#engine.execute(this.#registry.descriptor(id), input, options)
      run.result.then(
        () => this.#finish(id, started, options),
        (error: unknown) => this.#finish(id, started, options, toCapstanError(error)),
      )
      return run
    } catch (thrown) {
      const error = toCapstanError(thrown, { capability: id })
      this.#finish(getCapability(id) === undefined ? '(unknown)' : id, started, options, error)
      throw error
    }
  }

  #authorize(descriptor: CapabilityDescriptor, input: Record<string, unknown>, options: InvokeOptions) {
    return authorizeInvocation({ checker: this.#checker, inventory: this.#inventory, logger: this.#logger }, descriptor, input, options)
  }

  #assertOpen(): void {
    if (this.#closed) throw new CapstanError('UNAVAILABLE', { message: 'This Capstan instance is closed', retryable: false })
  }

  #finish(capability: string, started: number, options: InvokeOptions, error?: CapstanError): void {
    const durationMs = performance.now() - started
    this.#metrics.record(capability, durationMs, error !== undefined)
    this.emit('invocation', {
      capability,
      durationMs,
      ok: error === undefined,
      ...(error === undefined ? {} : { code: error.code }),
      ...(options.principal === undefined ? {} : { principal: options.principal.id }),
    })
  }

  #facade<M extends Record<string, CapabilityId>>(methods: M): Facade<M> {
    const facade: Record<string, unknown> = {}
    for (const [name, id] of Object.entries(methods)) {
      // Field initialisers run before the constructor body, so read the static catalog, not the registry.
      const descriptor = getCapability(id)
      facade[name] =
        descriptor !== undefined && isExecutionCapability(descriptor)
          ? (input?: unknown, options?: InvokeOptions) => this.#execute(id, input, options)
          : descriptor?.kind === 'stream'
            ? (input?: unknown, options?: InvokeOptions) => this.stream(id, input as CallInput<typeof id>, options)
            : (input?: unknown, options?: InvokeOptions) => this.invoke(id, input, options)
    }
    return facade as Facade<M>
  }
}

/**
 * Creates a Capstan instance: validates the options, initialises every plugin
 * in parallel (each with its own timeout) and routes the capabilities of
 * those that became ready. A plugin that fails to start is reported in
 * `plugins()`, `health()` and a `plugin:state` event; the others work, calls
 * routed to it fail with PLUGIN_UNAVAILABLE saying why, and a transient
 * failure is retried in the background (`startRetry`). With `strict: true`
 * it rejects instead, after closing what started.
 *
 * @throws CapstanError CONFIG_ERROR for bad options; PLUGIN_UNAVAILABLE under `strict` when a plugin fails to start.
 *
 * @example
 * ```ts
 * const capstan = await createCapstan({ plugins: [localPlugin({ inventoryFile: 'inventory.yaml' })] })
 * const { nodes } = await capstan.inventory.list()
 * await capstan.close()
 * ```
 */
export async function createCapstan(options: CapstanOptions = {}): Promise<Capstan> {
  const parsed = CapstanOptionsSchema.safeParse(options)
  if (!parsed.success) {
    throw configError('createCapstan options', parsed.error)
  }
  const capstan = new Capstan(options)
  const wirings = (options.plugins ?? []).map((p): PluginWiring => ('plugin' in p && !('metadata' in p) ? p : { plugin: p as PluginWiring['plugin'] }))
  await capstan.start(wirings)
  const failures = capstan.startFailures()
  if (options.strict === true && failures.length > 0) {
    await capstan.close()
    throw strictStartError(failures)
  }
  return capstan
}

export type { FacadeMethod }
