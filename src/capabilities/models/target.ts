import { z } from 'zod'
import { inputLimits } from './input-limits.js'
import { globBudgetMessage, withinGlobBudget } from './glob-budget.js'
import { nameString } from './name-string.js'
import { requireRe2Syntax } from './re2-syntax.js'
import type { FactConditions } from './well-known-facts.js'

/** A string a fact is compared with: bounded, so one condition cannot make a query unbounded. */
const factValue = z.string().max(inputLimits.valueLength, { error: `must be at most ${inputLimits.valueLength} characters` })

/** A caller's regular expression, checked here so that a pattern RE2 cannot run in linear time never reaches a plugin. */
const factRegex = factValue.min(1).superRefine(requireRe2Syntax).describe('A regular expression in RE2 syntax (no backreferences or lookaround), unanchored')

/** A fact condition: a value to equal, `{ regex }`, or `{ in: [...] }` (one of). */
export const FactCondition = z.union(
  [
    factValue,
    z.number(),
    z.boolean(),
    z.object({ regex: factRegex }).strict(),
    z
      .object({ in: z.array(z.union([factValue, z.number(), z.boolean()])).min(1).max(inputLimits.inValues, { error: `must have at most ${inputLimits.inValues} values` }) })
      .strict(),
  ],
  { error: 'expected a value to equal, { regex: "pattern" } or { in: [values] }' },
)
/** A fact condition. */
export type FactCondition = z.infer<typeof FactCondition>

/** A list of names, at most `inputLimits.listEntries` long. */
function nameList() {
  return z.array(nameString()).max(inputLimits.listEntries, { error: `must have at most ${inputLimits.listEntries} entries` })
}

/**
 * Fact path → condition. Typed as {@link FactConditions} rather than zod's
 * `Record<string, FactCondition>` (the same values) so that editors offer the
 * well-known paths as keys.
 */
const factConditions: z.ZodType<FactConditions, FactConditions> = z
  .record(nameString(), FactCondition)
  .refine((facts) => Object.keys(facts).length <= inputLimits.factConditions, { error: `must have at most ${inputLimits.factConditions} fact conditions` })
  .meta({ maxProperties: inputLimits.factConditions })

/**
 * Selects nodes. Every given criterion must match (AND); within `names` and
 * `groups` any entry may match (OR).
 */
export const NodeFilter = z
  .object({
    names: nameList().refine(withinGlobBudget, { error: globBudgetMessage }).optional().describe('Node ids, names or aliases; globs such as web* allowed'),
    groups: nameList().optional().describe('Group names; the node must be in at least one'),
    sources: nameList().optional().describe('Plugin names; the node must come from at least one'),
    facts: factConditions.optional().describe('Fact paths (os.family) to a condition'),
  })
  .strict()
/** A node filter. */
export type NodeFilter = z.infer<typeof NodeFilter>

/** Whether a filter has a criterion that selects: one that is given and not empty. */
function hasCriterion(filter: NodeFilter): boolean {
  return [filter.names, filter.groups, filter.sources].some((list) => list !== undefined && list.length > 0) || (filter.facts !== undefined && Object.keys(filter.facts).length > 0)
}

/**
 * A {@link NodeFilter} that names what an action acts on: it must have a
 * criterion that is not empty. `{}`, `{ groups: [] }`, and values that only
 * look like an empty object (`new Date()`, `/x/`) would select every node;
 * an infrastructure tool must never act fleet-wide by accident, so acting
 * on everything takes the explicit `'all'` target, as in Bolt.
 */
export const TargetFilter = NodeFilter.refine(hasCriterion, {
  error: "a filter needs at least one criterion that is not empty (names, groups, sources or facts); to act on every node, say targets: 'all'",
}).meta({ minProperties: 1 })

/**
 * What a caller names to act on: a node id, name or alias, a group (`web`
 * or `group:web`), a glob, `all`, a uri target (`ssh://user@host:port`,
 * `user@host`, `local://name`: a host no inventory needs to list, see
 * docs/inventory.md, "Ad-hoc targets"), a list of them, or a
 * {@link TargetFilter} (a node filter with at least one criterion).
 */
export const TargetSpec = z.union([nameString(), nameList().min(1, { error: 'must name at least one target' }).refine(withinGlobBudget, { error: globBudgetMessage }), TargetFilter], {
  error: "expected a target: a node, group or glob name, 'all', a list of them, or a filter object",
})
/** A target spec. */
export type TargetSpec = z.infer<typeof TargetSpec>
