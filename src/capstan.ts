import { EventEmitter } from 'eventemitter3'
import { isExecutionCapability, type CapabilityDescriptor, type HostService } from './capabilities/capability.js'
import { capabilityCatalog, getCapability, type CapabilityId, type ResultOf } from './capabilities/catalog.js'
import type { ExecutionResult } from './capabilities/models/execution.js'
import type { Logger } from './capabilities/provider-context.js'
import { cancelledError } from './errors/cancelled-error.js'
import { CapstanError, isCapstanError, toCapstanError } from './errors/capstan-error.js'
import { Execution } from './execution/execution.js'
import { ExecutionEngine } from './execution/execution-engine.js'
import type { ExecutionStoreHealth } from './execution/execution-store-health.js'
import { GuardedExecutionStore } from './execution/guarded-execution-store.js'
import { MemoryExecutionStore } from './execution/memory-execution-store.js'
import { ExecutionQueue } from './execution/queue/execution-queue.js'
import { configError } from './errors/config-error.js'
import { thrownMessage } from './errors/thrown-message.js'
import { FactsCache } from './facts/facts-cache.js'
import { authorizeInvocation } from './host/authorize-invocation.js'
import { startCallDeadline } from './host/call-deadline.js'
import { describeCapability, type CapabilityInfo } from './host/capability-info.js'
import type { CapstanOptions, PluginWiring } from './host/capstan-options.js'
import { CloseOptionsSchema, type CloseOptions } from './host/close-options.js'
import { CapstanOptionsSchema } from './host/capstan-options-schema.js'
import { checkArity } from './host/facade-arguments.js'
import type { FacadeMethod, InvokeArgs, InvokeResult } from './host/facade-types.js'
import type { AlertsFacade } from './host/facades/alerts-facade.js'
import type { CommandFacade } from './host/facades/command-facade.js'
import type { DeploymentsFacade } from './host/facades/deployments-facade.js'
import type { EventsFacade } from './host/facades/events-facade.js'
import type { ExecutionsFacade } from './host/facades/executions-facade.js'
import type { JournalFacade } from './host/facades/journal-facade.js'
import { facadeTable, type FacadeMethodSpec } from './host/facades/facade-table.js'
import type { FactsFacade } from './host/facades/facts-facade.js'
import type { InventoryFacade } from './host/facades/inventory-facade.js'
import { nodeOrNotFound } from './host/facades/node-or-not-found.js'
import type { PackagesFacade } from './host/facades/packages-facade.js'
import type { ProvisioningFacade } from './host/facades/provisioning-facade.js'
import type { QueueFacade } from './host/facades/queue-facade.js'
import type { ReportsFacade } from './host/facades/reports-facade.js'
import type { ScriptFacade } from './host/facades/script-facade.js'
import type { TaskFacade } from './host/facades/task-facade.js'
import { FactsService } from './host/facts-service.js'
import type { HostEvents } from './host/host-events.js'
import { InventoryService } from './host/inventory-service.js'
import { PluginHost, type PluginInfo } from './host/plugin-host.js'
import { strictStartError } from './host/strict-start-error.js'
import { ReadOptionsSchema, type ReadOptions } from './host/read-options.js'
import { InventoryCache } from './inventory/inventory-cache.js'
import { executionEntries, type FinishedExecution } from './journal/execution-entries.js'
import { openFileJournalStore } from './journal/file/file-journal-store.js'
import { isJournalStore } from './journal/is-journal-store.js'
import { JournalExecutionStore } from './journal/journal-execution-store.js'
import { JOURNAL_PROVIDER, journalHandlers } from './journal/journal-handlers.js'
import type { JournalStore } from './journal/journal-store.js'
import { MemoryJournalStore } from './journal/memory-journal-store.js'
import { createSilentLogger } from './logging/silent-logger.js'
import { CapabilityMetrics, type MetricsSnapshot } from './metrics/capability-metrics.js'
import type { HealthLevel, HealthStatus } from './plugin/health.js'
import type { PluginState } from './plugin/plugin-state.js'
import { compilePolicy, type PolicyChecker } from './rbac/compile-policy.js'
import { CapabilityRegistry } from './registry/capability-registry.js'
import { withCallContext, type CallContext } from './registry/call-context.js'
import { checkOptions } from './registry/check-options.js'
import type { ExecuteOptions } from './registry/execute-options.js'
import type { InvokeOptions } from './registry/invoke-options.js'
import { ExecuteOptionsSchema, InvokeOptionsSchema } from './registry/invoke-options-schema.js'
import { ScriptSources } from './scripts/script-sources.js'

export type { ReadOptions }

/** Parameter names of the facade methods, for the argument-count check. */
const INPUT_OPTIONS = ['input', 'options'] as const
const NODE_OPTIONS = ['node', 'options'] as const

/** The host's overall health, each plugin's and the execution store's. */
export interface CapstanHealth {
  /**
   * `healthy` when every plugin is and the execution store's latest call
   * succeeded; `unhealthy` when no plugin is ready; otherwise `degraded`.
   */
  status: HealthLevel
  plugins: Record<string, HealthStatus & { state: PluginState }>
  /** How the execution store (`executionStore`, or the default in-memory one) has been answering: failures counted, the latest one kept. */
  executionStore: ExecutionStoreHealth
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
  readonly #callTimeoutMs: number
  readonly #queue: ExecutionQueue
  readonly #engine: ExecutionEngine
  readonly #store: GuardedExecutionStore
  readonly #scripts: ScriptSources
  /** The node journal's store, and whether this instance made it (and so closes it). */
  readonly #journal: { store: JournalStore; owned: boolean; timeoutMs: number }
  /** The host's own services, by the cache a descriptor's `served` names. */
  readonly #services: Record<HostService['cache'], (d: CapabilityDescriptor, input: Record<string, unknown>, options: InvokeOptions, plan: Awaited<ReturnType<typeof authorizeInvocation>>) => Promise<unknown>>
  /** Set by the first `close()`: from then on every new call is refused. */
  #closing: Promise<void> | undefined
  #closed = false

  /**
   * @internal Use {@link createCapstan}; `scripts` from `ScriptSources.create(options.scripts)` (default: unconfined),
   * `journal` the store `createCapstan` opened for `options.journal` (closed by `close()`).
   */
  constructor(options: CapstanOptions, scripts: ScriptSources = ScriptSources.unconfined(), opened?: JournalStore) {
    super()
    this.#logger = options.logger ?? createSilentLogger()
    this.#scripts = scripts
    if (options.policy !== undefined && !scripts.confined) {
      // A policy means callers who are not all trusted; without roots, any of them allowed script.execute can send any file this process reads.
      this.#logger.warn({ option: 'scripts.roots' }, 'a policy is set but scripts.roots is not: script.execute may send any file this process can read to the nodes')
    }
    this.#checker = compilePolicy(options.policy)
    const given = isJournalStore(options.journal) ? options.journal : undefined
    this.#journal = { store: opened ?? given ?? new MemoryJournalStore({ maxEntries: 10_000 }), owned: given === undefined, timeoutMs: options.executionStoreTimeoutMs ?? 5_000 }
    this.#callTimeoutMs = options.callTimeoutMs ?? options.providerTimeoutMs ?? 30_000
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
    // The host serves journal.* itself, after every plugin: one of the application's at the same priority comes first.
    this.#registry.register(JOURNAL_PROVIDER, journalHandlers(this.#journal.store) as Record<string, unknown>, { order: Number.MAX_SAFE_INTEGER })
    this.#inventory = new InventoryService(this.#registry, this.#caches.inventory)
    this.#facts = new FactsService(this.#registry, this.#caches.facts)
    this.#services = { inventory: this.#inventory.serve.bind(this.#inventory), facts: this.#facts.serve.bind(this.#facts) }
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
    // A journal the application keeps is where the history is, after a restart too.
    const history = options.executionStore ?? (options.journal === undefined ? new MemoryExecutionStore() : new JournalExecutionStore(this.#journal.store))
    this.#store = new GuardedExecutionStore(history, {
      logger: this.#logger,
      ...(options.executionStoreTimeoutMs === undefined ? {} : { timeoutMs: options.executionStoreTimeoutMs }),
      onFailure: (failure) => this.emit('store:error', failure),
    })
    this.#engine = new ExecutionEngine({
      registry: this.#registry,
      queue: this.#queue,
      store: this.#store,
      logger: this.#logger,
      metrics: this.#metrics,
      authorize: (descriptor, input, invokeOptions) => this.#authorize(descriptor, input, invokeOptions),
      prepareInput: (descriptor, input) => this.#scripts.prepare(descriptor, input),
      batchSizeOf: (plugin) => this.#plugins.batchSizeOf(plugin),
      ...(options.maxStoredOutputBytes === undefined ? {} : { maxStoredOutputBytes: options.maxStoredOutputBytes }),
      ...(options.killGraceMs === undefined ? {} : { killGraceMs: options.killGraceMs }),
      ...(options.maxQueuedNodes === undefined ? {} : { maxQueuedNodes: options.maxQueuedNodes }),
      validateOutput: options.validateOutput ?? false,
      journal: (finished) => this.#recordExecution(finished),
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
  readonly inventory: InventoryFacade = this.#facade<InventoryFacade>(facadeTable.inventory)
  /** Facts: from the highest-priority provider that knows the node, cached. The type of the facts is the caller's choice (`get<WellKnownFacts>`): a view of the same record, not checked. */
  readonly facts: FactsFacade = this.#facade<FactsFacade>(facadeTable.facts)
  /** Commands on nodes: `execute` streams, `run` waits for the result. */
  readonly command: CommandFacade = this.#facade<CommandFacade>(facadeTable.command)
  /** Tasks (Bolt's contract: JSON parameters in, JSON out). */
  readonly task: TaskFacade = this.#facade<TaskFacade>(facadeTable.task)
  /** Scripts copied to (or found on) the nodes and run with argv arguments. */
  readonly script: ScriptFacade = this.#facade<ScriptFacade>(facadeTable.script)

  /** Running and past executions. */
  readonly executions: ExecutionsFacade = {
    get: (...args) => {
      checkArity('executions.get', args, ['id'])
      return this.#engine.get(args[0])
    },
    record: async (...args) => {
      checkArity('executions.record', args, ['id'])
      if (typeof args[0] !== 'string' || args[0] === '') throw new CapstanError('VALIDATION_ERROR', { message: 'executions.record: id must be an execution id (run.id)', details: { field: 'id' } })
      return this.#engine.record(args[0])
    },
    list: async (...args) => {
      checkArity('executions.list', args, ['query'])
      return this.#engine.list(args[0])
    },
  }

  /** The execution queue shared by every execution of this instance. */
  readonly queue: QueueFacade = {
    stats: (...args: unknown[]) => {
      checkArity('queue.stats', args, [])
      return this.#queue.stats()
    },
    setConcurrency: (...args) => {
      checkArity('queue.setConcurrency', args, ['nodes'])
      this.#queue.setConcurrency(args[0])
    },
  }

  /** The node journal: what happened to every node, newest first; `add` notes, `stream` follows. */
  readonly journal: JournalFacade = this.#facade<JournalFacade>(facadeTable.journal)

  /** Puppet reports. */
  readonly reports: ReportsFacade = this.#facade<ReportsFacade>(facadeTable.reports)
  /** Resource events; `stream` yields new events as they arrive. */
  readonly events: EventsFacade = this.#facade<EventsFacade>(facadeTable.events)
  /** Packages on nodes. */
  readonly packages: PackagesFacade = this.#facade<PackagesFacade>(facadeTable.packages)
  /** Deployments of applications. */
  readonly deployments: DeploymentsFacade = this.#facade<DeploymentsFacade>(facadeTable.deployments)
  /** Provisioning and decommissioning of machines. */
  readonly provisioning: ProvisioningFacade = this.#facade<ProvisioningFacade>(facadeTable.provisioning)
  /** Alerts from monitoring; `subscribe` yields alerts as they fire. */
  readonly alerts: AlertsFacade = this.#facade<AlertsFacade>(facadeTable.alerts)

  /**
   * Invokes a capability by id: checks the options and the input, checks RBAC,
   * routes to the providers. Ids, input and result are typed by the catalog:
   * an unknown id or a wrong input does not compile. Execution capabilities
   * resolve to the {@link Execution} once it is accepted, stream capabilities
   * to an async iterable. For an id known only at run time (a CLI argument,
   * an HTTP path, a plugin's contributed capability type) use
   * {@link Capstan.invokeUnchecked}.
   *
   * A signal that is already aborted gives the same outcome as one aborted
   * during the call: a query rejects with CANCELLED (the signal's reason as
   * `cause`), a stream ends without items, an execution resolves `result`
   * with status `cancelled`.
   *
   * @param id - A capability id from the catalog, `inventory.list`.
   * @param args - The capability's input (optional when every field is), then the {@link InvokeOptions}.
   * @throws CapstanError VALIDATION_ERROR (bad input, or an unknown or bad option: `details.field` is `options.rollout`), PERMISSION_DENIED, UNKNOWN_CAPABILITY, NO_PROVIDER, NOT_FOUND, CANCELLED, ...
   */
  invoke<Id extends CapabilityId>(id: Id, ...args: InvokeArgs<Id>): Promise<InvokeResult<Id>> {
    return guarded(() => checkArity('invoke', args, INPUT_OPTIONS), () => this.#invoke(id, args[0], args[1])) as Promise<InvokeResult<Id>>
  }

  /**
   * {@link Capstan.invoke} for an id known only at run time: takes any string
   * and any input, and checks both at run time exactly as `invoke` does
   * (UNKNOWN_CAPABILITY with a suggestion, VALIDATION_ERROR naming each bad field).
   * The CLI and the HTTP layer use it; typed code should use `invoke`.
   *
   * @param id - Any capability id, including those of contributed capability types.
   * @param input - The capability's input, validated against its schema.
   * @param options - Invoke options, checked like `invoke`'s (`rollout` for executions only).
   */
  invokeUnchecked(id: string, input?: unknown, options?: ExecuteOptions): Promise<unknown> {
    const args = arguments
    return guarded(() => checkArity('invokeUnchecked', args, ['id', 'input', 'options']), () => this.#invoke(id, input, options))
  }

  /**
   * Opens a stream capability as an async iterable; validation and RBAC
   * errors are thrown by the first `next()`. Stop it with `options.signal` or
   * by leaving the `for await` loop: either ends it quietly.
   *
   * @param id - A capability id from the catalog.
   * @param args - The capability's input (optional when every field is), then the {@link InvokeOptions}.
   */
  stream<Id extends CapabilityId>(id: Id, ...args: InvokeArgs<Id>): AsyncIterable<ResultOf<Id>> {
    return this.#openStream(id, args) as AsyncIterable<ResultOf<Id>>
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

  /** Health of every plugin, of the execution store and overall. `refresh` skips the plugins' health caches. */
  async health(options: { refresh?: boolean | undefined } = {}): Promise<CapstanHealth> {
    const plugins = await this.#plugins.health(options)
    const executionStore = this.#store.health()
    const levels = Object.values(plugins).map((p) => p.status)
    const ofPlugins: HealthLevel = levels.every((l) => l === 'healthy') ? 'healthy' : levels.some((l) => l !== 'unhealthy') ? 'degraded' : 'unhealthy'
    const status: HealthLevel = ofPlugins === 'healthy' && executionStore.status !== 'healthy' ? 'degraded' : ofPlugins
    return { status, plugins, executionStore }
  }

  /** Per-capability counts, errors and p50/p95/p99 latency, plus plugin counters. */
  metrics(): MetricsSnapshot {
    return this.#metrics.snapshot()
  }

  /**
   * Shuts this instance down, in this order:
   *
   * 1. At once, every new call is refused: `invoke`, the facades,
   *    `restartPlugin` and the rest throw (or reject with) UNAVAILABLE, whose
   *    message says the instance is closing, then closed. Calls already running go on.
   * 2. Running executions may finish on their own for up to `graceMs`
   *    (default 0); one that does keeps its result (`success`, `failure`, ...).
   * 3. Those still running are then cancelled, as by `run.cancel()`: queued
   *    nodes end without running, running processes get SIGTERM, then SIGKILL
   *    after `killGraceMs`. `close` waits until each one's `result` has resolved,
   *    status `cancelled`, every node known by then `cancelled`.
   * 4. Then every plugin is disposed (its context signal aborts), the caches
   *    are dropped and the event listeners removed.
   *
   * It resolves when all of that is done. Calling it again is safe: it returns
   * the same promise, and a shorter `graceMs` cuts the grace short (`0`
   * cancels at once, as for a second Ctrl-C); a longer one never extends it.
   * An HTTP server closes in this order too: stop taking requests, then
   * `close({ graceMs })`, then close the server, whose streams have ended by
   * then (see docs/embedding.md).
   *
   * @param options - `graceMs`: how long running executions may still take, 0 to 2^31 - 1 ms.
   * @throws CapstanError VALIDATION_ERROR naming `options.graceMs` (or an unknown option); nothing is closed then.
   *
   * @example
   * ```ts
   * process.once('SIGTERM', () => void capstan.close({ graceMs: 30_000 }))
   * ```
   */
  close(options?: CloseOptions): Promise<void> {
    let graceMs: number
    try {
      checkArity('close', arguments, ['options'])
      ;({ graceMs = 0 } = checkOptions(CloseOptionsSchema, options, 'close'))
    } catch (error) {
      return Promise.reject(error as Error)
    }
    // Every call may shorten the grace; the first one also starts the shutdown.
    const drained = this.#engine.close(graceMs)
    this.#closing ??= this.#shutDown(drained)
    return this.#closing
  }

  async #shutDown(drained: Promise<void>): Promise<void> {
    await drained
    await this.#plugins.close()
    if (this.#journal.owned) await this.#journal.store.close()
    this.#caches.inventory.clear()
    this.#caches.facts.clear()
    this.#closed = true
    this.removeAllListeners()
  }

  /** `await using capstan = await createCapstan(...)` closes it at the end of the scope, with no grace. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close()
  }

  /** Checks, routes and records one invocation; `rawOptions` is what the caller passed, checked here. */
  async #invoke(id: string, input: unknown, rawOptions: unknown): Promise<unknown> {
    const started = performance.now()
    let options: InvokeOptions = {}
    try {
      this.#assertOpen()
      const descriptor = this.#registry.descriptor(id)
      if (isExecutionCapability(descriptor)) {
        const run = this.#execute(id, input, rawOptions)
        await run.ready
        return run
      }
      options = checkOptions(InvokeOptionsSchema, rawOptions, id)
      const parsed = this.#registry.validate(descriptor, input)
      if (descriptor.kind === 'stream') {
        const plan = await this.#authorize(descriptor, parsed, options)
        this.#registry.routable(descriptor, options.plugin)
        const prepared = await this.#scripts.prepare(descriptor, parsed)
        this.#finish(id, started, options)
        return this.#registry.openStream(descriptor, prepared, options, plan.inputFor === undefined ? {} : { inputFor: plan.inputFor })
      }
      // Aborted before the call: the same CANCELLED as an abort during it, and no plugin is asked.
      if (options.signal?.aborted) throw cancelledError(options.signal, `${id} was cancelled`, { capability: id })
      const result = await this.#call(descriptor, parsed, options)
      this.#finish(id, started, options)
      return result
    } catch (thrown) {
      // A wait that the signal ended (a shared cache load) rejects with the bare abort reason; it is still a cancellation.
      const signal = options.signal
      const error = signal?.aborted === true && !isCapstanError(thrown) ? cancelledError(signal, `${id} was cancelled`, { capability: id }) : toCapstanError(thrown, { capability: id })
      // Metrics are keyed by known ids only, so a caller's typos cannot grow them without bound.
      this.#finish(this.#registry.has(id) ? id : '(unknown)', started, options, error)
      throw error
    }
  }

  /**
   * One query or action under its deadline (the caller's `timeoutMs`, else
   * `callTimeoutMs`): authorisation with its inventory reads, then the
   * routing, all on one signal and one {@link CallContext}.
   */
  async #call(descriptor: CapabilityDescriptor, input: Record<string, unknown>, options: InvokeOptions): Promise<unknown> {
    const deadline = startCallDeadline(descriptor.id, options.timeoutMs ?? this.#callTimeoutMs, options.timeoutMs !== undefined, options.signal)
    try {
      const call = withCallContext({ ...options, signal: deadline.signal })
      const plan = await this.#authorize(descriptor, input, call)
      this.#registry.routable(descriptor, options.plugin)
      const prepared = await this.#scripts.prepare(descriptor, input)
      const service = descriptor.served === undefined ? undefined : this.#services[descriptor.served.cache]
      return service === undefined ? await this.#registry.route(descriptor, prepared, call, plan) : await service(descriptor, prepared, call, plan)
    } catch (error) {
      // A wait that the deadline ended (a shared cache load) rejects with the bare reason: say it is the call's TIMEOUT.
      if (deadline.signal.aborted && !isCapstanError(error)) throw cancelledError(deadline.signal, `${descriptor.id} was cancelled`, { capability: descriptor.id })
      throw error
    } finally {
      deadline[Symbol.dispose]()
    }
  }

  /** Starts an execution; its outcome is recorded in metrics and `invocation` events when it settles. */
  #execute(id: string, input: unknown, rawOptions: unknown): Execution {
    const started = performance.now()
    let options: InvokeOptions = {}
    try {
      this.#assertOpen()
      const descriptor = this.#registry.descriptor(id)
      options = checkOptions(ExecuteOptionsSchema, rawOptions, id)
      const run = this.#engine.execute(descriptor, input, options)
      run.result.then(
        () => this.#finish(id, started, options),
        (error: unknown) => this.#finish(id, started, options, toCapstanError(error)),
      )
      return run
    } catch (thrown) {
      const error = toCapstanError(thrown, { capability: id })
      this.#finish(this.#registry.has(id) ? id : '(unknown)', started, options, error)
      throw error
    }
  }

  /** A facade's execution method: `(input, options)`, an Execution at once; a mistake throws at once. */
  #start(id: string, args: ArrayLike<unknown>): Execution {
    checkArity(id, args, INPUT_OPTIONS)
    return this.#execute(id, args[0], args[1])
  }

  /** A facade's `run`: the execution's result; a mistake rejects, like any other failure of a promise. */
  #run(id: string, args: ArrayLike<unknown>): Promise<ExecutionResult> {
    try {
      return this.#start(id, args).result
    } catch (error) {
      return Promise.reject(error as Error)
    }
  }

  /** A facade's query or action method: `(input, options)`, or `(node, options)` for a per-node read. */
  #query<Id extends CapabilityId>(id: Id, args: ArrayLike<unknown>, params: readonly string[]): Promise<ResultOf<Id>> {
    return guarded(
      () => checkArity(id, args, params),
      () => this.#invoke(id, params === NODE_OPTIONS ? { node: args[0] } : args[0], args[1]) as Promise<ResultOf<Id>>,
    )
  }

  /** An inventory or facts read: like {@link Capstan.#query}, with `refresh` also accepted in the options. */
  #read<Id extends CapabilityId>(id: Id, args: ArrayLike<unknown>, params: readonly string[]): Promise<ResultOf<Id>> {
    let input: unknown
    let options: InvokeOptions = {}
    try {
      checkArity(id, args, params)
      const { refresh, ...rest } = checkOptions(ReadOptionsSchema, args[1], id)
      options = rest
      const first = params === NODE_OPTIONS ? { node: args[0] } : args[0]
      input = refresh === true ? withRefresh(first) : first
    } catch (error) {
      return Promise.reject(error as Error)
    }
    return this.#invoke(id, input, options) as Promise<ResultOf<Id>>
  }

  /** A stream that opens on the first `next()`, so every mistake surfaces there, as a stream's errors do. */
  #openStream(id: string, args: ArrayLike<unknown>): AsyncIterable<unknown> {
    const open = async () => {
      checkArity(id, args, INPUT_OPTIONS)
      return (await this.#invoke(id, args[0], args[1])) as AsyncIterable<unknown>
    }
    return {
      async *[Symbol.asyncIterator]() {
        yield* await open()
      },
    }
  }

  /** Writes a finished execution's entries to the journal, within the store timeout; a failure is logged and emitted, never thrown. */
  async #recordExecution(finished: FinishedExecution): Promise<void> {
    const entries = executionEntries(finished)
    if (entries.length === 0) return
    const { store, timeoutMs } = this.#journal
    const signal = AbortSignal.timeout(timeoutMs)
    try {
      await Promise.race([
        store.append(entries, { signal }),
        new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new CapstanError('TIMEOUT', { message: `The journal store did not answer within ${timeoutMs} ms`, details: { timeoutMs } })), { once: true })),
      ])
    } catch (thrown) {
      const error = isCapstanError(thrown) ? thrown : new CapstanError('UNAVAILABLE', { message: `The journal store failed: ${thrownMessage(thrown)}`, cause: thrown })
      this.#logger.warn({ executionId: finished.result.id, error: error.code, message: error.message }, 'journal entries of an execution were not written')
      this.emit('journal:error', { executionId: finished.result.id, error: { code: error.code, message: error.message }, at: new Date().toISOString() })
    }
  }

  #authorize(descriptor: CapabilityDescriptor, input: Record<string, unknown>, options: InvokeOptions) {
    return authorizeInvocation({ checker: this.#checker, inventory: this.#inventory, registry: this.#registry, logger: this.#logger }, descriptor, input, options)
  }

  #assertOpen(): void {
    if (this.#closing === undefined) return
    const state = this.#closed ? 'closed' : 'closing'
    throw new CapstanError('UNAVAILABLE', { message: `This Capstan instance is ${state}`, retryable: false, details: { state } })
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

  /**
   * A facade built from its table ({@link facadeTable}): each method is an
   * execution (`run` when the spec waits), a stream or a query, as the
   * capability's descriptor says, with the arguments the spec gives it.
   */
  #facade<F>(spec: { readonly [K in keyof F]: FacadeMethodSpec }): F {
    const facade: Record<string, unknown> = {}
    for (const [name, method] of Object.entries<FacadeMethodSpec>(spec)) facade[name] = this.#facadeMethod(method)
    return facade as F
  }

  #facadeMethod(spec: FacadeMethodSpec): (...args: unknown[]) => unknown {
    const { id } = spec
    // Field initialisers run before the constructor body, so read the static catalog, not the registry.
    const descriptor = getCapability(id)
    if (descriptor !== undefined && isExecutionCapability(descriptor)) return spec.wait === true ? (...args) => this.#run(id, args) : (...args) => this.#start(id, args)
    if (descriptor?.kind === 'stream') return (...args) => this.#openStream(id, args)
    const params = spec.first === 'node' ? NODE_OPTIONS : INPUT_OPTIONS
    const call = spec.refreshable === true ? (args: unknown[]) => this.#read(id, args, params) : (args: unknown[]) => this.#query(id, args, params)
    if (spec.unwrap === 'node') return async (...args) => nodeOrNotFound((await call(args)) as Parameters<typeof nodeOrNotFound>[0], String(args[0]))
    return (...args) => call(args)
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
 * @throws CapstanError CONFIG_ERROR for bad options (a `scripts.roots` entry that is not an existing directory among them); PLUGIN_UNAVAILABLE under `strict` when a plugin fails to start.
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
  const scripts = await ScriptSources.create(options.scripts)
  // A directory: the embedded file store, opened here (its lock refused is the caller's clear UNAVAILABLE) and closed by close().
  const journal = options.journal === undefined || isJournalStore(options.journal) ? undefined : await openFileJournalStore(options.journal)
  const capstan = new Capstan(options, scripts, journal)
  const wirings = (options.plugins ?? []).map((p): PluginWiring => ('plugin' in p && !('metadata' in p) ? p : { plugin: p as PluginWiring['plugin'] }))
  await capstan.start(wirings)
  const failures = capstan.startFailures()
  if (options.strict === true && failures.length > 0) {
    await capstan.close()
    throw strictStartError(failures)
  }
  return capstan
}

/** Runs `check`; a mistake it throws comes back as a rejection, as from the async call it guards. */
function guarded<T>(check: () => void, call: () => Promise<T>): Promise<T> {
  try {
    check()
  } catch (error) {
    return Promise.reject(error as Error)
  }
  return call()
}

/** The input with `refresh: true`, when it is an object (or absent); anything else is left for the input's schema to refuse. */
function withRefresh(input: unknown): unknown {
  if (input === undefined) return { refresh: true }
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) return { ...input, refresh: true }
  return input
}

export type { FacadeMethod }
