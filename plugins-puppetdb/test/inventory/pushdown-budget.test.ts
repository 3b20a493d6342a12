import { describe, expect, it } from 'vitest'
import { nodeFilterPushdown, nodeFilterQuery } from '../../src/inventory/node-filter-query.js'
import { conditionSize, PUSHDOWN_BUDGET, withinBudget } from '../../src/inventory/pushdown-budget.js'

const groups = (count: number) => Array.from({ length: count }, (_, i) => `g${i}`)

describe('push-down budget', () => {
  it('counts comparisons under and/or/not, and the query bytes', () => {
    const condition = ['and', ['=', 'a', 1], ['or', ['~', 'b', 'x'], ['not', ['=', 'c', true]]]] as const
    expect(conditionSize(condition)).toEqual({ leaves: 3, bytes: JSON.stringify(condition).length })
  })

  it('keeps a small filter whole', () => {
    const { condition, omitted } = nodeFilterPushdown({ groups: ['web'], facts: { 'os.family': 'Debian' } }, ['role'])
    expect(omitted).toEqual([])
    expect(condition?.[0]).toBe('and')
  })

  it('leaves 10,000 groups to the host and still pushes the small criteria down', () => {
    const { condition, omitted } = nodeFilterPushdown({ groups: groups(10_000), facts: { 'os.family': 'Debian' } }, ['role', 'environment'])
    expect(omitted).toEqual(['groups'])
    expect(condition).toEqual(['=', 'facts.os.family', 'Debian'])
    expect(conditionSize(condition!).leaves).toBeLessThanOrEqual(PUSHDOWN_BUDGET.leaves)
  })

  it('pushes nothing down when every criterion is over budget: the host filters the whole inventory', () => {
    const names = Array.from({ length: 2_000 }, (_, i) => `node${i}.example.com`)
    expect(nodeFilterQuery({ names, groups: groups(1_000) }, ['role'])).toBeUndefined()
  })

  it('drops the largest criteria first until the rest fit', () => {
    const c = (name: string, leaves: number) => ({ name, condition: ['or', ...Array.from({ length: leaves }, (_, i) => ['=', name, i] as const)] as const })
    const { kept, omitted } = withinBudget([c('a', 30), c('b', 50), c('c', 20)], { leaves: 60, bytes: 1e9 })
    expect(omitted).toEqual(['b'])
    expect(kept.map((k) => k.name)).toEqual(['a', 'c'])
  })
})
