import type { ExecutionEvent } from '../../capabilities/models/execution-event.js'
import type { NodeResult } from '../../capabilities/models/execution.js'
import type { RolloutProgress } from '../../capabilities/models/rollout-progress.js'
import type { Style } from './style.js'

/** Node names a wave line lists before it only counts the rest. */
const LISTED_NODES = 5

type WaveStarted = Extract<ExecutionEvent, { type: 'wave:started' }>
type WaveFinished = Extract<ExecutionEvent, { type: 'wave:finished' }>

function nodeCount(count: number): string {
  return `${count} ${count === 1 ? 'node' : 'nodes'}`
}

/** `wave 2/4 · 3 nodes: web04, web05, web06`, the line printed when a wave of a rolling execution starts. */
export function renderWaveStarted(event: WaveStarted, style: Style): string {
  const listed = event.nodes.slice(0, LISTED_NODES).join(', ')
  const more = event.nodes.length > LISTED_NODES ? ` and ${event.nodes.length - LISTED_NODES} more` : ''
  return `${style.bold(`wave ${event.wave}/${event.waves}`)} ${style.dim(`· ${nodeCount(event.nodes.length)}: ${listed}${more}`)}\n`
}

/** `wave 2/4 done · 1 succeeded, 2 failed`, the line printed when a wave ends. */
export function renderWaveFinished(event: WaveFinished, style: Style): string {
  const failed = event.failed > 0 ? style.red(`${event.failed} failed`) : `${event.failed} failed`
  const other = event.nodes.length - event.succeeded - event.failed
  return `${style.bold(`wave ${event.wave}/${event.waves} done`)} ${style.dim('·')} ${style.green(`${event.succeeded} succeeded`)}, ${failed}${other > 0 ? `, ${other} stopped` : ''}\n`
}

/**
 * The line after a rolling execution's summary when it did not run every
 * wave, e.g. `Rollout stopped after wave 2 of 4: 2 nodes failed, more than
 * --max-failures 1 tolerates; 4 nodes skipped`; empty when every wave ran.
 */
export function renderRolloutStop(rollout: RolloutProgress, nodes: readonly NodeResult[], style: Style): string {
  if (rollout.stoppedBy === undefined) return ''
  const wave = rollout.startedWaves === 0 ? 'before wave 1' : `${rollout.completedWaves === rollout.startedWaves ? 'after' : 'in'} wave ${rollout.startedWaves}`
  const where = `${wave} of ${rollout.waves}`
  if (rollout.stoppedBy === 'maxFailures') {
    const skipped = nodes.filter((node) => node.status === 'skipped').length
    return `${style.yellow(`Rollout stopped ${where}`)}: ${nodeCount(rollout.failed)} failed, more than --max-failures ${rollout.maxFailures ?? 0} tolerates; ${nodeCount(skipped)} skipped\n`
  }
  return `${style.yellow(`Rollout ${rollout.stoppedBy === 'timeout' ? 'out of time' : 'cancelled'} ${where}`)}\n`
}
