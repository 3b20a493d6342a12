// How a rollout's percentages resolve against the targets (docs/execution.md, "Rolling executions").
import { describe, expect, it } from 'vitest'
import { planRollout } from '../../src/execution/rollout/rollout-plan.js'
import { nodeIds } from '../support/executions.js'

const sizes = (waves: string[][]) => waves.map((w) => w.length)

describe('planRollout', () => {
  it('splits the targets in order into waves of batch nodes, the last one smaller', () => {
    const plan = planRollout({ batch: 3 }, nodeIds('n', 10))
    expect(plan.waves).toEqual([['n01', 'n02', 'n03'], ['n04', 'n05', 'n06'], ['n07', 'n08', 'n09'], ['n10']])
    expect(plan).toMatchObject({ batch: 3, maxFailures: undefined, pauseMs: 0, failFast: false })
  })

  it.each([
    ['25%', 10, 3, [3, 3, 3, 1]],
    ['10%', 30, 3, Array(10).fill(3)],
    ['30%', 10, 3, [3, 3, 3, 1]],
    ['33.3%', 3, 1, [1, 1, 1]],
    ['1%', 10, 1, Array(10).fill(1)],
    ['50%', 5, 3, [3, 2]],
    ['100%', 7, 7, [7]],
  ])('rounds a batch of %s of %i nodes up, to %i', (batch, count, size, waves) => {
    const plan = planRollout({ batch: batch as `${number}%` }, nodeIds('n', count))
    expect(plan.batch).toBe(size)
    expect(sizes(plan.waves)).toEqual(waves)
  })

  it.each([
    ['10%', 10, 1],
    ['10%', 15, 1],
    ['10%', 9, 0],
    ['20%', 10, 2],
    ['0%', 10, 0],
    ['100%', 4, 4],
    ['70%', 10, 7],
  ])('rounds maxFailures of %s of %i nodes down, to %i', (maxFailures, count, tolerated) => {
    expect(planRollout({ batch: 1, maxFailures: maxFailures as `${number}%` }, nodeIds('n', count)).maxFailures).toBe(tolerated)
  })

  it('keeps counts as they are, caps the reported batch at the targets, and plans no wave for no targets', () => {
    expect(planRollout({ batch: 50, maxFailures: 2, pauseMs: 10, failFast: true }, nodeIds('n', 4))).toEqual({ batch: 4, waves: [nodeIds('n', 4)], maxFailures: 2, pauseMs: 10, failFast: true })
    expect(planRollout({ batch: '25%' }, [])).toMatchObject({ batch: 0, waves: [] })
  })
})
