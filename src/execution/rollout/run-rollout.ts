import type { NodeStatus } from '../../capabilities/models/execution.js'
import type { RolloutProgress } from '../../capabilities/models/rollout-progress.js'
import { abortableSleep } from '../../errors/abortable-sleep.js'
import { CapstanError } from '../../errors/capstan-error.js'
import { abortOutcome } from '../abort-outcome.js'
import type { NodeOutcome, NodeTracker } from '../node-tracker.js'
import { failure, finishAll } from '../run-batch.js'
import type { EventBody } from '../stream/event-body.js'
import type { RolloutPlan } from './rollout-plan.js'

/** Statuses that count against `maxFailures`. */
const FAILED: ReadonlySet<NodeStatus> = new Set(['failure', 'error', 'timeout'])

/** Streams an event of the execution. */
type Emit = (event: EventBody) => Promise<void>

/** What {@link runRollout} needs of the engine. */
export interface RolloutRun {
  plan: RolloutPlan
  tracker: NodeTracker
  /** The execution's signal: cancel or its own timeout. */
  signal: AbortSignal
  emit: Emit
  /**
   * Runs the nodes of one wave as the engine runs a whole execution (plugin
   * batches, the queue), on `signal`, streaming through `emit`. Resolves
   * with the caller's mistake, the nodes left unfinished, when every plugin
   * refused the wave before anything ran; with undefined once every node of
   * the wave has finished.
   */
  runWave: (ids: string[], signal: AbortSignal, emit: Emit) => Promise<CapstanError | undefined>
}

/**
 * Runs a rolling execution: one wave after another, `wave:started` before a
 * wave's first node event and `wave:finished` after its last. Once more
 * nodes failed than `maxFailures` tolerates, no further wave starts and their
 * nodes end `skipped` (with `failFast`, the running wave is stopped too). A
 * cancel or the execution's timeout ends the nodes of the waves not started
 * as it ends queued nodes: `cancelled` (or `timeout`).
 *
 * @returns how far it got, or `refused`: the first wave was refused whole
 *   before anything ran (the caller's mistake, as without a rollout).
 */
export async function runRollout(run: RolloutRun): Promise<{ progress: RolloutProgress; refused?: CapstanError }> {
  const { plan, tracker, signal } = run
  let failed = 0
  let startedWaves = 0
  let completedWaves = 0
  let stoppedBy: RolloutProgress['stoppedBy']
  let threshold: CapstanError | undefined
  const progress = (): RolloutProgress => ({
    batch: plan.batch,
    waves: plan.waves.length,
    startedWaves,
    completedWaves,
    failed,
    ...(plan.maxFailures === undefined ? {} : { maxFailures: plan.maxFailures }),
    ...(stoppedBy === undefined ? {} : { stoppedBy }),
  })

  for (const [index, ids] of plan.waves.entries()) {
    if (threshold !== undefined || signal.aborted) break
    if (index > 0 && plan.pauseMs > 0) {
      try {
        await abortableSleep(plan.pauseMs, signal)
      } catch {
        break
      }
      if (signal.aborted) break
    }
    const wave = index + 1
    const header = { wave, waves: plan.waves.length, nodes: ids }
    const stop = new AbortController()
    const onAbort = () => stop.abort(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    let announced = false
    // Whether failFast left nodes of this wave unrun.
    let cut = false
    let succeeded = 0
    let waveFailed = 0
    const emit: Emit = async (event) => {
      if (!announced) {
        announced = true
        startedWaves++
        await run.emit({ type: 'wave:started', ...header })
      }
      await run.emit(event)
      if (event.type !== 'node:finished') return
      if (event.result.status === 'success') succeeded++
      if (!FAILED.has(event.result.status)) return
      waveFailed++
      failed++
      if (threshold !== undefined || plan.maxFailures === undefined || failed <= plan.maxFailures) return
      threshold = thresholdError(failed, plan.maxFailures, wave)
      stoppedBy = 'maxFailures'
      if (!plan.failFast) return
      const reason = threshold
      // failFast: the wave's nodes not started yet are skipped, then the running ones are stopped as by a cancel.
      const left = tracker.unfinished(ids)
      if (left.length === 0) return
      cut = true
      await finishAll({ tracker, emit }, left.filter((node) => !tracker.hasStarted(node)), () => skipped(reason))
      if (tracker.unfinished(ids).length === 0) return
      stop.abort(new CapstanError('CANCELLED', { message: `Stopped by failFast: ${tooManyFailures(failed, plan.maxFailures, wave)}`, details: { reason: 'failFast', failed, maxFailures: plan.maxFailures, wave } }))
    }
    let refused: CapstanError | undefined
    try {
      refused = await run.runWave(ids, stop.signal, emit)
    } finally {
      signal.removeEventListener('abort', onAbort)
    }
    if (refused !== undefined) {
      if (index === 0 && !announced) return { progress: progress(), refused }
      const mistake = refused
      await finishAll({ tracker, emit }, ids, () => failure(mistake))
    }
    if (!stop.signal.aborted && !cut) completedWaves++
    await run.emit({ type: 'wave:finished', ...header, succeeded, failed: waveFailed })
  }

  const rest = tracker.unfinished()
  if (threshold !== undefined) {
    const reason = threshold
    await finishAll(run, rest, () => skipped(reason))
  } else if (signal.aborted) {
    if (completedWaves < plan.waves.length) stoppedBy = abortOutcome(signal.reason).status
    await finishAll(run, rest, () => abortOutcome(signal.reason))
  }
  return { progress: progress() }
}

/** Why a rollout stops: `2 nodes failed by wave 2, more than the rollout's maxFailures (1) tolerates`. */
function tooManyFailures(failed: number, maxFailures: number, wave: number): string {
  return `${failed} ${failed === 1 ? 'node' : 'nodes'} failed by wave ${wave}, more than the rollout's maxFailures (${maxFailures}) tolerates`
}

/** The error of the nodes left unstarted once failures passed `maxFailures`. */
function thresholdError(failed: number, maxFailures: number, wave: number): CapstanError {
  return new CapstanError('CANCELLED', { message: `Not started: ${tooManyFailures(failed, maxFailures, wave)}`, details: { reason: 'maxFailures', failed, maxFailures, wave } })
}

function skipped(reason: CapstanError): NodeOutcome {
  return { status: 'skipped', error: { code: reason.code, message: reason.message, details: reason.details } }
}
