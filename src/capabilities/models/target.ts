import { z } from 'zod'
import { inputLimits } from './input-limits.js'
import { nameString } from './name-string.js'
import { requireRe2Syntax } from './re2-syntax.js'

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
 * Selects nodes. Every given criterion must match (AND); within `names` and
 * `groups` any entry may match (OR).
 */
export const NodeFilter = z
  .object({
    names: nameList().optional().describe('Node ids, names or aliases; globs such as web* allowed'),
    groups: nameList().optional().describe('Group names; the node must be in at least one'),
    sources: nameList().optional().describe('Plugin names; the node must come from at least one'),
    facts: z
      .record(nameString(), FactCondition)
      .refine((facts) => Object.keys(facts).length <= inputLimits.factConditions, { error: `must have at most ${inputLimits.factConditions} fact conditions` })
      .optional()
      .describe('Fact paths (os.family) to a condition'),
  })
  .strict()
/** A node filter. */
export type NodeFilter = z.infer<typeof NodeFilter>

/**
 * What a caller names to act on: a node id, group name or glob, a list of
 * them, or a {@link NodeFilter}.
 */
export const TargetSpec = z.union([nameString(), nameList().min(1), NodeFilter])
/** A target spec. */
export type TargetSpec = z.infer<typeof TargetSpec>
