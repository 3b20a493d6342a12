import { randomUUID } from 'node:crypto'
import type { CapabilityDescriptor } from '../capabilities/capability.js'
import { NodeEvent } from '../capabilities/models/node-event.js'
import { executionStatusOf } from '../capabilities/models/execution-status.js'
import { abortOutcome } from './abort-outcome.js'
import type { ExecutionResult, ExecutionStatus } from '../capabilities/models/execution.js'
import type { Node } from '../capabilities/models/node.js'
import type { Logger } from '../capabilities/provider-context.js'
import { cancelledError } from '../errors/cancelled-error.js'
import { CapstanError, toCapstanError } from '../errors/capstan-error.js'
import type { CapabilityMetrics } from '../metrics/capability-metrics.js'
import { assignProviders } from '../registry/assign-providers.js'
import type { CapabilityRegistry, RoutePlan } from '../registry/capability-registry.js'
import type { InvokeOptions } from '../registry/invoke-options.js'
import type { ExecuteOptions } from '../registry/execute-options.js'
import type { ProviderEntry } from '../registry/provider-entry.js'
import { Execution } from './execution.js'
import { ExecutionLogger } from './execution-logger.js'
import { GracePeriod } from './grace-period.js'
import type { ExecutionQuery, ExecutionRecord } from './execution-record.js'
import type { FinishedExecution } from '../journal/execution-entries.js'
import type { GuardedExecutionStore } from './guarded-execution-store.js'
import { NodeTracker } from './node-tracker.js'
import { SignalFanout } from './signal-fanout.js'
import { executionQueueDefaults, type ExecutionQueue } from './queue/execution-queue.js'
import { failure, finishAll, runBatch } from './run-batch.js'
import { ExecutionStream } from './stream/execution-stream.js'
import type { RolloutProgress } from '../capabilities/models/rollout-progress.js'
import { planRollout } from './rollout/rollout-plan.js'
import { runRollout } from './rollout/run-rollout.js'

/** Options of an {@link ExecutionEngine}. */
export interface ExecutionEngineOptions {
  registry: CapabilityRegistry
  queue: ExecutionQueue
  /** The application's store, guarded: a save never rejects, a failed list rejects with a CapstanError. */
  store: GuardedExecutionStore
  logger: Logger
  metrics: CapabilityMetrics
  /** RBAC and target resolution, as for every other capability. */
  authorize: (descriptor: CapabilityDescriptor, input: Record<string, unknown>, options: InvokeOptions) => Promise<RoutePlan>
  /**
   * The input plugins get, from the validated input of an authorised call:
   * local files checked and resolved (see `ScriptSources`). Its rejection is
   * the caller's, like a permission error. Default: the input as it is.
   */
  prepareInput?: (descriptor: CapabilityDescriptor, input: Record<string, unknown>) => Promise<Record<string, unknown>>
  /** Output kept per node and stream (default 1 MiB). */
  maxStoredOutputBytes?: number
  /** How far a live consumer may fall behind before it gets `output:dropped` (default 4 MiB). */
  consumerLagBytes?: number
  /** How long plugins get to stop after a cancel or timeout (default 5 s); the engine waits that plus 1 s. */
  killGraceMs?: number
  /** Nodes per plugin call, by plugin (default 1). */
  batchSizeOf: (plugin: string) => number
  /** Check plugins' events against the NodeEvent schema. */
  validateOutput?: boolean
  /** Finished executions kept for re-attaching with a replay (default 100). */
  retainFinished?: number
  /** The queue's bound, checked before an execution is queued so it fails whole, not node by node. */
  maxQueuedNodes?: number
  /**
   * Records a finished execution in the node journal, before its `result`
   * resolves; never rejects (the host reports a journal's failure itself).
   */
  journal?: (finished: FinishedExecution) => Promise<void>
}

/** Options of one execution: the invoke options, whose `timeoutMs` limits the whole execution and `priority` orders the queue, and `rollout`. */
export type { ExecuteOptions }

/**
 * The execution engine: every execution capability runs through it. It
 * resolves and authorises targets, splits nodes into per-plugin batches,
 * queues them within the global and per-plugin limits, drives the plugins'
 * generators, enforces timeouts and cancellation, streams events to any
 * number of consumers, and records results, history and metrics.
 */
export class ExecutionEngine {
  readonly #options: ExecutionEngineOptions
  readonly #live = new Map<string, Execution>()
  readonly #recent = new Map<string, Execution>()
  readonly #history: ExecutionLogger
  readonly #grace = new GracePeriod()
  #closing: Promise<void> | undefined

  constructor(options: ExecutionEngineOptions) {
    this.#options = options
    this.#history = new ExecutionLogger(options.logger)
  }

  /**
   * Starts an execution. Bad input throws VALIDATION_ERROR at once; a
   * permission, target or queue problem found afterwards rejects `result`
   * and `ready`, and ends every consumer's iteration with that error.
   */
  execute(descriptor: CapabilityDescriptor, rawInput: unknown, options: ExecuteOptions = {}): Execution {
    const input = this.#options.registry.validate(descriptor, rawInput)
    const id = randomUUID()
    const stream = new ExecutionStream({
      executionId: id,
      ...(this.#options.maxStoredOutputBytes === undefined ? {} : { maxStoredOutputBytes: this.#options.maxStoredOutputBytes }),
      ...(this.#options.consumerLagBytes === undefined ? {} : { consumerLagBytes: this.#options.consumerLagBytes }),
    })
    const controller = new AbortController()
    let markReady!: () => void
    let refuse!: (error: unknown) => void
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve
      refuse = reject
    })
    let execution!: Execution
    const result = this.#run({ id, descriptor, input, options, stream, controller, markReady, refuse, execution: () => execution })
    execution = new Execution(id, descriptor.id, { stream, controller }, result, ready)
    this.#live.set(id, execution)
    return execution
  }

  /** A running or recently finished execution, for re-attaching (its stream replays from the start). */
  get(id: string): Execution | undefined {
    return this.#live.get(id) ?? this.#recent.get(id)
  }

  /** A finished execution's record from the store; rejects with UNAVAILABLE or TIMEOUT when the store fails. */
  record(id: string): Promise<ExecutionRecord | undefined> {
    return this.#options.store.get(id)
  }

  /** Running executions, then the finished ones from the store, newest first; rejects with UNAVAILABLE or TIMEOUT when the store fails. */
  async list(query: ExecutionQuery = {}): Promise<Array<ExecutionRecord | { id: string; capability: string; status: ExecutionStatus }>> {
    const finished = await this.#options.store.list(query)
    // Read after the store answered, so statuses are current; one saved while still live (its save is awaited) is listed once, as its record.
    const saved = new Set(finished.map((r) => r.id))
    const running = [...this.#live.values()]
      .filter((e) => !saved.has(e.id) && (query.status === undefined || e.status === query.status) && (query.capability === undefined || e.capability === query.capability))
      .map((e) => ({ id: e.id, capability: e.capability, status: e.status }))
    const all = [...running.reverse(), ...finished]
    return query.limit === undefined ? all : all.slice(0, query.limit)
  }

  /**
   * Lets the running executions finish for up to `graceMs`, then cancels
   * those left and waits until every one has its result. The first call
   * starts it; a later one returns the same promise and may shorten the grace
   * (`0` cancels at once), never lengthen it. The host refuses new executions
   * before it calls this.
   */
  close(graceMs = 0): Promise<void> {
    this.#grace.limit(graceMs)
    this.#closing ??= this.#drain()
    return this.#closing
  }

  async #drain(): Promise<void> {
    const running = [...this.#live.values()]
    await Promise.race([Promise.allSettled(running.map((e) => e.result)), this.#grace.ended])
    this.#grace.finish()
    const left = [...this.#live.values()]
    for (const execution of left) execution.cancel('Capstan is closing')
    await Promise.allSettled(left.map((e) => e.result))
  }

  async #run(run: RunState): Promise<ExecutionResult> {
    const { id, descriptor, input, options, stream, controller } = run
    const unlink = linkSignals(controller, options)
    const started = Date.now()
    try {
      let nodes: Node[]
      let providers: ProviderEntry[]
      let prepared: Record<string, unknown>
      try {
        // An execution stopped before it was accepted (signal aborted before the call, or while its targets
        // were resolved) ends like one stopped while running: a `cancelled` (or `timeout`) result, not a rejection.
        if (controller.signal.aborted) return await this.#stoppedBeforeStart(run, started)
        const plan = await this.#options.authorize(descriptor, input, options)
        nodes = plan.nodes ?? []
        providers = this.#options.registry.routable(descriptor, options.plugin)
        prepared = (await this.#options.prepareInput?.(descriptor, input)) ?? input
        this.#assertRoom(nodes.length)
        if (controller.signal.aborted) return await this.#stoppedBeforeStart(run, started)
      } catch (thrown) {
        if (controller.signal.aborted) return await this.#stoppedBeforeStart(run, started)
        const error = toCapstanError(thrown, { capability: descriptor.id })
        this.#history.failed(id, descriptor.id, error.code, options.principal?.id)
        run.refuse(error)
        stream.fail(error)
        run.execution().setStatus(error.code === 'TIMEOUT' ? 'timeout' : error.code === 'CANCELLED' ? 'cancelled' : 'failure')
        throw error
      }
      // Accepted: the caller (invoke) gets the Execution now; what plugins find later arrives through result and events.
      run.markReady()
      return await this.#dispatch({ ...run, input: prepared, nodes, providers, started })
    } finally {
      unlink()
      this.#retire(id)
    }
  }

  async #dispatch(run: RunState & { nodes: Node[]; providers: ProviderEntry[]; started: number }): Promise<ExecutionResult> {
    const { descriptor, options, stream, controller, nodes } = run
    const { queue, logger } = this.#options
    const ids = nodes.map((n) => n.id)
    const tracker = new NodeTracker(ids, (node) => stream.storedOutput(node))
    await stream.push({ type: 'queued', position: queue.stats().queued })
    let running = false
    // `started` comes before the first node event, whichever batch or path produces it: a batch
    // its plugin refuses before doing anything (bad task parameters) never starts the execution.
    const emit = async (event: Parameters<ExecutionStream['push']>[0]) => {
      if (!running) {
        running = true
        run.execution().setStatus('running')
        await stream.push({ type: 'started', nodes: ids })
      }
      await stream.push(event)
    }
    const { targets: _targets, timeoutMs: nodeTimeoutMs, ...batchInput } = run.input
    const check = this.#options.validateOutput ? (event: unknown) => checkEvent(event) : undefined
    const killFanout = options.killSignal === undefined ? undefined : new SignalFanout(options.killSignal)
    const byId = new Map(nodes.map((n) => [n.id, n]))
    const shares = new Map<string, string[]>()
    // One wave: the whole execution, or one wave of a rollout. Its nodes go to their plugins in batches, queued like any.
    const runWave = async (waveIds: string[], signal: AbortSignal, waveEmit: typeof emit): Promise<CapstanError | undefined> => {
      const { groups, unassigned } = assignProviders(waveIds.map((n) => byId.get(n) as Node), run.providers, options.plugin)
      for (const g of groups) {
        const share = shares.get(g.entry.plugin) ?? []
        for (const node of g.nodes) share.push(node.id)
        shares.set(g.entry.plugin, share)
      }
      const batches = groups.flatMap(({ entry, nodes: share }) => chunk(share, Math.max(1, Math.min(this.#options.batchSizeOf(entry.plugin), queue.maxBatchWeight(entry.plugin)))).map((part) => ({ entry, nodes: part })))
      const fanout = new SignalFanout(signal)
      for (const node of unassigned) await finishAll({ tracker, emit: waveEmit }, [node.id], () => failure(this.#options.registry.unassignedError(descriptor, node, options.plugin)))
      const outcomes = await Promise.all(
        batches.map(({ entry, nodes: part }) =>
          runBatch({
            capability: descriptor.id,
            entry,
            nodes: part,
            input: typeof nodeTimeoutMs === 'number' ? { ...batchInput, timeoutMs: nodeTimeoutMs } : batchInput,
            tracker,
            queue,
            priority: options.priority ?? 0,
            signal,
            stopper: () => fanout.child(),
            ...(killFanout === undefined ? {} : { killer: () => killFanout.child() }),
            ...(typeof nodeTimeoutMs === 'number' ? { nodeTimeoutMs } : {}),
            abandonAfterMs: (this.#options.killGraceMs ?? 5000) + 1000,
            logger,
            ...(options.principal === undefined ? {} : { principal: options.principal }),
            emit: waveEmit,
            ...(check === undefined ? {} : { check }),
          }),
        ),
      )
      fanout.dispose()
      const mistakes = outcomes.flatMap((o) => (o.mistake === undefined ? [] : [o.mistake]))
      const first = mistakes[0]
      // Every plugin refused the request before running anything (bad task parameters, unknown task): the caller's mistake.
      if (first !== undefined && mistakes.length === batches.length && unassigned.length === 0) return first
      if (first !== undefined) await finishAll({ tracker, emit: waveEmit }, waveIds, () => failure(first))
      return undefined
    }
    let refused: CapstanError | undefined
    let rollout: RolloutProgress | undefined
    try {
      if (options.rollout === undefined) refused = await runWave(ids, controller.signal, emit)
      else ({ refused, progress: rollout } = await runRollout({ plan: planRollout(options.rollout, ids), tracker, signal: controller.signal, emit, runWave }))
    } finally {
      killFanout?.dispose()
    }
    if (refused !== undefined) {
      run.execution().setStatus('failure')
      this.#history.failed(run.id, descriptor.id, refused.code, options.principal?.id)
      stream.fail(refused)
      throw refused
    }
    return this.#finish(run, tracker, shares, rollout)
  }

  /** Ends an execution that never reached the queue: no node ran, status from the abort reason. */
  async #stoppedBeforeStart(run: RunState, started: number): Promise<ExecutionResult> {
    run.markReady()
    return this.#finish({ ...run, started }, new NodeTracker([], (node) => run.stream.storedOutput(node)), new Map())
  }

  async #finish(
    run: RunState & { started: number },
    tracker: NodeTracker,
    shares: Map<string, string[]>,
    rollout?: RolloutProgress,
  ): Promise<ExecutionResult> {
    const finished = Date.now()
    const nodes = tracker.results()
    const status: ExecutionStatus = executionStatusOf(nodes, run.controller.signal.aborted ? abortOutcome(run.controller.signal.reason).status : undefined)
    const result: ExecutionResult = {
      id: run.id,
      capability: run.descriptor.id,
      plugins: [...shares.keys()].sort(),
      status,
      nodes,
      startedAt: new Date(run.started).toISOString(),
      finishedAt: new Date(finished).toISOString(),
      durationMs: finished - run.started,
      ...(rollout === undefined ? {} : { rollout }),
    }
    run.execution().setStatus(status)
    await run.stream.push({ type: 'finished', result })
    run.stream.end()
    const principal = run.options.principal?.id
    this.#history.finished(result, principal)
    const succeededNodes = new Set(nodes.filter((n) => n.status === 'success').map((n) => n.node))
    for (const [plugin, share] of shares) {
      const succeeded = share.filter((node) => succeededNodes.has(node)).length
      this.#options.metrics.recordExecution(result.capability, plugin, result.durationMs, share.length, succeeded)
    }
    if (this.#options.journal !== undefined) {
      const pluginOf = new Map<string, string>()
      for (const [plugin, share] of shares) for (const node of share) pluginOf.set(node, plugin)
      await this.#options.journal({ result, type: run.descriptor.type, pluginOf, actor: principal, input: run.input })
    }
    // Bounded and never rejecting: a store's failure is reported by the store's guard, not in the result.
    await this.#options.store.save({ id: result.id, capability: result.capability, status, ...(principal === undefined ? {} : { principal }), plugins: result.plugins, startedAt: result.startedAt, finishedAt: result.finishedAt, durationMs: result.durationMs, result })
    return result
  }

  #assertRoom(nodes: number): void {
    const { queued } = this.#options.queue.stats()
    const max = this.#options.maxQueuedNodes ?? executionQueueDefaults.maxQueued
    if (queued + nodes > max) {
      throw new CapstanError('QUEUE_FULL', { message: `The execution queue holds ${queued} nodes; ${nodes} more would pass its bound of ${max}`, details: { queued, maxQueued: max, nodes } })
    }
  }

  #retire(id: string): void {
    const execution = this.#live.get(id)
    this.#live.delete(id)
    if (execution === undefined) return
    this.#recent.set(id, execution)
    const keep = this.#options.retainFinished ?? 100
    for (const old of this.#recent.keys()) {
      if (this.#recent.size <= keep) break
      this.#recent.delete(old)
    }
  }
}

/** One execution's state, as the engine's steps pass it along. */
interface RunState {
  id: string
  descriptor: CapabilityDescriptor
  input: Record<string, unknown>
  options: ExecuteOptions
  stream: ExecutionStream
  controller: AbortController
  /** Resolves `run.ready`. */
  markReady: () => void
  /** Rejects `run.ready` with the caller's mistake. */
  refuse: (error: unknown) => void
  execution: () => Execution
}

/** Links the caller's signals and the whole-execution timeout to the execution's controller. */
function linkSignals(controller: AbortController, options: ExecuteOptions): () => void {
  const { signal, killSignal, timeoutMs } = options
  const onAbort = () => controller.abort(cancelledError(signal as AbortSignal, "Cancelled by the caller's signal"))
  if (signal?.aborted) onAbort()
  else signal?.addEventListener('abort', onAbort, { once: true })
  // Killing without a cancel first is a cancel without a grace.
  const onKill = () => controller.abort(cancelledError(killSignal as AbortSignal, "Killed by the caller's signal"))
  if (killSignal?.aborted) onKill()
  else killSignal?.addEventListener('abort', onKill, { once: true })
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => controller.abort(new CapstanError('TIMEOUT', { message: `The execution did not finish within ${timeoutMs} ms`, details: { timeoutMs } })), timeoutMs)
  return () => {
    signal?.removeEventListener('abort', onAbort)
    killSignal?.removeEventListener('abort', onKill)
    clearTimeout(timer)
  }
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

function checkEvent(event: unknown): NodeEvent {
  const parsed = NodeEvent.safeParse(event)
  if (parsed.success) return parsed.data
  throw new CapstanError('PLUGIN_ERROR', { message: `Plugin yielded an invalid execution event: ${parsed.error.issues.map((i) => i.message).join('; ')}`, details: { event } })
}
