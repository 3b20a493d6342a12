import type { Ast } from '../query/ast.js'

/**
 * How much of a node filter the plugin sends to PuppetDB at most: AST leaves
 * (comparisons) and bytes of the query. PuppetDB plans every `or` branch on
 * the inventory's facts separately: 1,000 groups cost it 18 CPU-seconds and
 * 100,000 ran it out of memory. The host filters the linked nodes exactly
 * anyway, so a criterion over budget is left to the host (a coarser superset).
 */
export const PUSHDOWN_BUDGET = { leaves: 64, bytes: 8_192 } as const

/** The size of a condition in the units of {@link PUSHDOWN_BUDGET}. */
export interface ConditionSize {
  leaves: number
  bytes: number
}

/** Counts the comparisons (`=`, `~`, ...) under `and`/`or`/`not`, and the query's JSON length. */
export function conditionSize(condition: Ast): ConditionSize {
  return { leaves: leaves(condition), bytes: JSON.stringify(condition).length }
}

function leaves(condition: Ast): number {
  if (!Array.isArray(condition)) return 0
  const [operator, ...operands] = condition as unknown[]
  if (operator === 'and' || operator === 'or' || operator === 'not') return operands.reduce<number>((sum, operand) => sum + leaves(operand as Ast), 0)
  return 1
}

/**
 * The criteria that fit the budget together, in their order: the largest is
 * left out first until the rest fit. The names of those left out come back too,
 * for the plugin's debug log.
 */
export function withinBudget<T extends { name: string; condition: Ast }>(criteria: readonly T[], budget: ConditionSize = PUSHDOWN_BUDGET): { kept: T[]; omitted: string[] } {
  const sized = criteria.map((criterion) => ({ criterion, size: conditionSize(criterion.condition) }))
  const omitted: string[] = []
  const total = () => sized.reduce((sum, { size }) => ({ leaves: sum.leaves + size.leaves, bytes: sum.bytes + size.bytes }), { leaves: 0, bytes: 0 })
  for (let now = total(); now.leaves > budget.leaves || now.bytes > budget.bytes; now = total()) {
    let largest = 0
    sized.forEach(({ size }, index) => {
      if (size.bytes > sized[largest]!.size.bytes) largest = index
    })
    omitted.push(sized[largest]!.criterion.name)
    sized.splice(largest, 1)
  }
  return { kept: sized.map(({ criterion }) => criterion), omitted }
}
