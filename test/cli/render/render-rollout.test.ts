// The lines a rolling execution adds to the CLI's human output.
import { describe, expect, it } from 'vitest'
import type { ExecutionEvent, NodeResult, RolloutProgress } from '../../../src/index.js'
import { createStyle, renderExecutionSummary, renderRolloutStop, renderWaveFinished, renderWaveStarted } from '../../../src/cli/render/index.js'

const plain = createStyle({ color: false })
const base = { executionId: 'e1', seq: 1, timestamp: '2026-12-08T00:00:00.000Z' }
const node = (id: string, status: NodeResult['status']): NodeResult => ({ node: id, status, exitCode: null, stdout: '', stderr: '', startedAt: base.timestamp, finishedAt: base.timestamp, durationMs: 0, truncated: false })

describe('the rollout lines', () => {
  it('name a wave\'s first five nodes and count the rest', () => {
    const nodes = ['a', 'b', 'c', 'd', 'e', 'f', 'g']
    const started = { ...base, type: 'wave:started', wave: 2, waves: 3, nodes } as Extract<ExecutionEvent, { type: 'wave:started' }>
    expect(renderWaveStarted(started, plain)).toBe('wave 2/3 · 7 nodes: a, b, c, d, e and 2 more\n')
    const finished = { ...base, type: 'wave:finished', wave: 2, waves: 3, nodes, succeeded: 4, failed: 1 } as Extract<ExecutionEvent, { type: 'wave:finished' }>
    expect(renderWaveFinished(finished, plain)).toBe('wave 2/3 done · 4 succeeded, 1 failed, 2 stopped\n')
  })

  it('say why waves were left, and nothing when every wave ran', () => {
    const nodes = [node('a', 'failure'), node('b', 'failure'), node('c', 'skipped')]
    const stopped: RolloutProgress = { batch: 2, waves: 2, startedWaves: 1, completedWaves: 1, failed: 2, maxFailures: 1, stoppedBy: 'maxFailures' }
    expect(renderRolloutStop(stopped, nodes, plain)).toBe('Rollout stopped after wave 1 of 2: 2 nodes failed, more than --max-failures 1 tolerates; 1 node skipped\n')
    expect(renderRolloutStop({ ...stopped, completedWaves: 0, stoppedBy: 'cancelled' }, nodes, plain)).toBe('Rollout cancelled in wave 1 of 2\n')
    expect(renderRolloutStop({ ...stopped, startedWaves: 0, completedWaves: 0, stoppedBy: 'timeout' }, nodes, plain)).toBe('Rollout out of time before wave 1 of 2\n')
    expect(renderRolloutStop({ batch: 2, waves: 2, startedWaves: 2, completedWaves: 2, failed: 0 }, nodes, plain)).toBe('')
    expect(renderExecutionSummary(nodes, plain)).toMatch(/3 nodes: 0 succeeded, 2 failed, 1 skipped\n$/)
  })
})
