import type { EventBody } from './stream/execution-stream.js'
import type { Node } from '../capabilities/models/node.js'
import type { NodeEvent } from '../capabilities/models/node-event.js'
import type { Logger, Principal } from '../capabilities/provider-context.js'
import { CapstanError, toCapstanError } from '../errors/capstan-error.js'
import type { ProviderEntry } from '../registry/provider-entry.js'
import { abortOutcome } from './abort-outcome.js'
import type { NodeOutcome, NodeTracker } from './node-tracker.js'
import type { ExecutionQueue } from './queue/execution-queue.js'
import type { BatchStopper } from './signal-fanout.js'

/** Errors that mean the caller asked for something impossible, not that a node failed. */
const callerMistakes = new Set(['VALIDATION_ERROR', 'NOT_FOUND', 'PERMISSION_DENIED'])

/** One batch of nodes for one plugin, and everything needed to run it. */
export interface BatchRun {
  capability: string
  entry: ProviderEntry
  nodes: Node[]
  /** The capability input without `targets`. */
  input: Record<string, unknown>
  tracker: NodeTracker
  queue: ExecutionQueue
  priority: number
  /** Aborted on cancel or when the whole execution's time is up (reason: CapstanError). */
  signal: AbortSignal
  /** A batch's share of the caller's `killSignal`, aborted when stopping may no longer wait for the grace (the plugin's `ctx.killSignal`). */
  killer?: () => BatchStopper
  /** A controller for this batch that the execution's signal also aborts. */
  stopper: () => BatchStopper
  nodeTimeoutMs?: number
  /** How long to wait for a plugin to stop after its signal aborted, before giving up on it (1 s after `killSignal`). */
  abandonAfterMs: number
  logger: Logger
  principal?: Principal
  /** Streams an event; the engine puts `started` before the first node event. */
  emit: (event: EventBody) => Promise<void>
  /** Checks a plugin's event (validateOutput); returns it or throws. */
  check?: (event: unknown) => NodeEvent
}

/**
 * Runs one batch: waits for queue slots, runs the plugin's generator, turns
 * its events into the execution's, enforces per-node timeouts, and makes
 * sure every node of the batch ends with a result. Returns the caller's
 * mistake (bad task parameters, unknown task) when the plugin refused the
 * batch before any node started.
 */
export async function runBatch(run: BatchRun): Promise<{ mistake?: CapstanError }> {
  const ids = run.nodes.map((n) => n.id)
  let lease
  try {
    lease = await run.queue.acquire({ plugin: run.entry.plugin, weight: ids.length, priority: run.priority, signal: run.signal })
  } catch (error) {
    const outcome = run.signal.aborted ? abortOutcome(run.signal.reason) : failure(toCapstanError(error))
    await finishAll(run, ids, () => outcome)
    return {}
  }
  const batch = run.stopper()
  const kill = run.killer?.()
  const signal = batch.signal
  const forced = new Map<string, NodeOutcome>()
  const timers = startNodeTimers(run, ids, forced, batch)
  try {
    const mistake = await drive(run, ids, { signal, ...(kill === undefined ? {} : { killSignal: kill.signal }) }, forced)
    // A refused batch is left unfinished: the engine decides whether the whole execution fails with the mistake.
    if (mistake !== undefined) return { mistake }
    await finishAll(run, ids, (node) => forced.get(node) ?? (signal.aborted ? abortOutcome(signal.reason) : missing(run, node)))
    return {}
  } finally {
    for (const timer of timers) clearTimeout(timer)
    batch.dispose()
    kill?.dispose()
    lease.release()
  }
}

async function drive(run: BatchRun, ids: string[], signals: { signal: AbortSignal; killSignal?: AbortSignal }, forced: Map<string, NodeOutcome>): Promise<CapstanError | undefined> {
  const { signal, killSignal } = signals
  const ctx = {
    ...signals,
    logger: run.logger.child({ plugin: run.entry.plugin, capability: run.capability }),
    nodes: run.nodes,
    ...(run.principal === undefined ? {} : { principal: run.principal }),
  }
  const known = new Set(ids)
  let iterator: AsyncIterator<unknown> | undefined
  const abandoned = abandonment(signal, run.abandonAfterMs, killSignal)
  try {
    iterator = (run.entry.handler({ ...run.input, nodes: run.nodes }, ctx) as AsyncIterable<unknown>)[Symbol.asyncIterator]()
    for (let count = 1; ; count++) {
      const next = await abandoned.race(iterator.next())
      // A plugin that never waits on I/O would otherwise hold the event loop (timers, cancel) for the whole batch.
      if (count % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve))
      if (next === ABANDONED) {
        run.logger.warn({ plugin: run.entry.plugin, capability: run.capability, nodes: ids }, 'plugin did not stop after its signal aborted; abandoning it')
        void iterator.return?.().catch(() => {})
        return undefined
      }
      if (next.done) return undefined
      const event = run.check === undefined ? (next.value as NodeEvent) : run.check(next.value)
      if (!known.has(event.node)) {
        run.logger.warn({ plugin: run.entry.plugin, node: event.node }, 'plugin reported a node outside its batch; ignored')
        continue
      }
      await apply(run, event, signal, forced)
    }
  } catch (thrown) {
    const error = toCapstanError(thrown, { plugin: run.entry.plugin, capability: run.capability })
    if (callerMistakes.has(error.code) && !ids.some((n) => run.tracker.hasStarted(n))) return error
    await finishAll(run, ids, (node) => forced.get(node) ?? (signal.aborted ? abortOutcome(signal.reason) : failure(error)))
    return undefined
  } finally {
    abandoned.dispose()
  }
}

async function apply(run: BatchRun, event: NodeEvent, signal: AbortSignal, forced: Map<string, NodeOutcome>): Promise<void> {
  const { tracker } = run
  if (tracker.isFinished(event.node)) return
  if (tracker.start(event.node)) await run.emit({ type: 'node:started', node: event.node })
  if (event.type === 'node:output') await run.emit({ type: 'node:output', node: event.node, stream: event.stream, chunk: event.chunk })
  if (event.type !== 'node:finished') return
  const reported: NodeOutcome = {
    status: event.status,
    ...(event.exitCode === undefined ? {} : { exitCode: event.exitCode }),
    ...(event.signal === undefined ? {} : { signal: event.signal }),
    ...(event.value === undefined ? {} : { value: event.value }),
    ...(event.error === undefined ? {} : { error: event.error }),
  }
  // A node stopped by a timeout or cancel says so, whatever the killed process's exit looked like.
  const stopped = forced.get(event.node) ?? (signal.aborted && event.status !== 'success' ? abortOutcome(signal.reason) : undefined)
  const outcome = stopped === undefined ? reported : { ...reported, status: stopped.status, ...(stopped.error === undefined ? {} : { error: stopped.error }) }
  await finishNode(run, event.node, outcome)
}

/** Ends every unfinished node of `ids` with the outcome `outcomeOf` gives it. */
export async function finishAll(run: Pick<BatchRun, 'tracker' | 'emit'>, ids: string[], outcomeOf: (node: string) => NodeOutcome): Promise<void> {
  for (const node of run.tracker.unfinished(ids)) await finishNode(run, node, outcomeOf(node))
}

async function finishNode(run: Pick<BatchRun, 'tracker' | 'emit'>, node: string, outcome: NodeOutcome): Promise<void> {
  const result = run.tracker.finish(node, outcome)
  if (result !== undefined) await run.emit({ type: 'node:finished', node, result })
}

/** Per-node deadlines: a node out of time is marked `timeout`; when all are, the batch is stopped. */
function startNodeTimers(run: BatchRun, ids: string[], forced: Map<string, NodeOutcome>, batch: BatchStopper): NodeJS.Timeout[] {
  if (run.nodeTimeoutMs === undefined) return []
  const ms = run.nodeTimeoutMs
  return ids.map((node) =>
    setTimeout(() => {
      if (run.tracker.isFinished(node)) return
      const error = new CapstanError('TIMEOUT', { message: `${node} did not finish ${run.capability} within ${ms} ms`, details: { node, timeoutMs: ms } })
      forced.set(node, abortOutcome(error))
      if (ids.every((n) => run.tracker.isFinished(n) || forced.has(n))) batch.abort(error)
    }, ms),
  )
}

/** A node's `error` outcome carrying `error`. */
export function failure(error: CapstanError): NodeOutcome {
  return { status: 'error', error: { code: error.code, message: error.message } }
}

function missing(run: BatchRun, node: string): NodeOutcome {
  return failure(new CapstanError('PLUGIN_ERROR', { message: `${run.entry.plugin} ended ${run.capability} without a result for ${node}` }))
}

const ABANDONED = Symbol('abandoned')

/** Events between turns of the event loop while draining a plugin that never waits. */
const YIELD_EVERY = 256

/** How long a plugin gets to stop once `killSignal` aborted: killing waits for no grace. */
const ABANDON_AFTER_KILL_MS = 1_000

/**
 * Races each step of a plugin against being abandoned: once `signal` has
 * been aborted for `ms` (or `killSignal` for a second), the pending step
 * resolves `ABANDONED`, so a plugin that ignores its signal cannot hold an
 * execution open. Each step gets its own promise: racing every step against
 * one long-lived promise would keep every settled step (and its output)
 * reachable until the batch ends.
 */
function abandonment(signal: AbortSignal, ms: number, killSignal?: AbortSignal): { race: <T>(step: Promise<T>) => Promise<T | typeof ABANDONED>; dispose: () => void } {
  let timer: NodeJS.Timeout | undefined
  let expired = false
  let wake: ((value: typeof ABANDONED) => void) | undefined
  const expireIn = (after: number) => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      expired = true
      wake?.(ABANDONED)
    }, after)
  }
  const onAbort = () => expireIn(killSignal?.aborted === true ? ABANDON_AFTER_KILL_MS : ms)
  const onKill = () => expireIn(ABANDON_AFTER_KILL_MS)
  if (signal.aborted) onAbort()
  else signal.addEventListener('abort', onAbort, { once: true })
  if (killSignal?.aborted) onKill()
  else killSignal?.addEventListener('abort', onKill, { once: true })
  return {
    race: <T>(step: Promise<T>) => {
      if (expired) return Promise.resolve(ABANDONED)
      return new Promise<T | typeof ABANDONED>((resolve, reject) => {
        wake = resolve
        step.then(resolve, reject)
      }).finally(() => {
        wake = undefined
      })
    },
    dispose: () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
      killSignal?.removeEventListener('abort', onKill)
    },
  }
}
